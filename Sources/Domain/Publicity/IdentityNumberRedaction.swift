import Foundation

/// A publication version as it may be kept at rest and shown to staff: every natural person's ID
/// number masked, in any field, in the title and the correction reason, and in the counterparty it
/// names (issue 12 item 3; SPEC X4).
///
/// A version keeps only what it needs to show the public and to hand to channels, and both show
/// the masked number. The full number lives once, sealed, in the counterparty directory
/// (`PersonalDataProtection`); whoever needs it reads it there, with the permission and the log
/// that go with it. Names are not redacted here: staff need them to work, and the public view masks
/// them on the way out.
///
/// Redacting is idempotent (a masked number has no digit run left to find), so a version sent
/// back from a form that showed the masked number is stored unchanged. Versions stored before
/// issue 12 may hold a number in clear; they are immutable and hashed into the ledger, so they are
/// redacted when read for staff (`Publication.redactingIdentityNumbers()`), never rewritten.
public enum IdentityNumberRedaction {
    /// `version` with every ID number masked in the current format.
    public static func redacted(_ version: PublicationVersion) -> PublicationVersion {
        let mask = PublicMasker(version: version, shown: true, format: .addressCodeOnly)
        var fields: [String: String] = [:]
        for (key, value) in version.fields {
            fields[key] = DoublePublicityFields.identityNumberKeys.contains(key) && !value.isEmpty
                ? mask.value(value, masking: .personalIdentifier) : mask.identityNumbers(value)
        }
        var counterparty = version.counterparty
        if counterparty?.kind == .naturalPerson, let identifier = counterparty?.identifier {
            counterparty?.identifier = mask.value(identifier, masking: .personalIdentifier)
        }
        return PublicationVersion(
            id: version.id, publicationID: version.publicationID, number: version.number, kind: version.kind,
            title: mask.identityNumbers(version.title), fields: fields, responsibility: version.responsibility,
            disclosure: version.disclosure, sourceActivityID: version.sourceActivityID, sourceCaseID: version.sourceCaseID,
            counterparty: counterparty, draftedBy: version.draftedBy, draftedAt: version.draftedAt,
            supersedes: version.supersedes, correctionReason: version.correctionReason.map(mask.identityNumbers),
            maskingRule: version.maskingRule, otherPersonNames: version.otherPersonNames)
    }

    /// Whether `value` is what `redacted` leaves of a resident ID number: 18 or 15 characters, the
    /// address code in digits and the rest masked (either format). `DoublePublicityFields` accepts it
    /// in an ID-number field, because the number was checked when it was typed or registered.
    public static func isMaskedIdentityNumber(_ value: String) -> Bool {
        let characters = Array(value.trimmingCharacters(in: .whitespacesAndNewlines))
        guard characters.count == 18 || characters.count == 15, characters.contains(PersonalDataMask.maskCharacter) else {
            return false
        }
        // The address code is always kept, so six stars cannot pass for a checked number.
        return characters.prefix(6).allSatisfy { ("0"..."9").contains($0) }
            && characters.allSatisfy { $0 == PersonalDataMask.maskCharacter || ("0"..."9").contains($0) || $0 == "X" }
    }
}

extension Publication {
    /// This publication with every version redacted (`IdentityNumberRedaction`): what the staff
    /// doors show, so a version stored in clear before issue 12 cannot be read back (issue 12 item 3).
    public func redactingIdentityNumbers() -> Publication {
        var copy = self
        copy.versions = versions.map(IdentityNumberRedaction.redacted)
        return copy
    }
}
