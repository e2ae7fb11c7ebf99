import Foundation

/// Applies SPEC X4 to one version's text: the one masking used by the public view, the ledger's
/// public content digest and the search index, so none of them can hold what the page hides.
///
/// Two rules (`PublicMaskingRule`), because a version's digest is on the ledger:
/// - `normalised` (issue 12 item 4): every ID-number-shaped run in any spelling is masked
///   (`IdentityNumberScanner`), registered or not, except a legal person's own code; every known
///   natural person's name is masked however it is spaced or cased (`PersonNameScanner`): the
///   counterparty's when it is a natural person, and the other natural persons of the case the
///   version names (`otherPersonNames`) whatever the counterparty is.
/// - `exactCopies`: the rule before issue 12, only to recompute old versions' ledger digests.
/// `PublicContent.shown` reads an old version with the normalised matching but the old ID-number
/// format, so that what it leaked in clear is masked on read while what it masked still verifies.
struct PublicMasker {
    let isNaturalPerson: Bool
    let format: PersonalDataMask.IdentityNumberFormat
    let normalised: Bool
    /// `exactCopies`: (full text, masked text), longest first, replaced wherever they occur.
    let replacements: [(String, String)]
    /// `normalised`: names to mask in free text, longest first.
    let names: [String]
    /// `normalised`: folded identifiers that are a legal person's own and stay public.
    let publicCodes: Set<String>

    /// The masker a version's ledger digest was made with (`shown` false), or the one every public
    /// surface shows it with (`shown` true); the same for versions drafted since issue 12.
    /// `format` overrides the rule's ID-number format (redaction at rest always uses the current one).
    init(version: PublicationVersion, shown: Bool = false, format: PersonalDataMask.IdentityNumberFormat? = nil) {
        isNaturalPerson = version.concernsNaturalPerson
        let rule = version.masking
        normalised = rule == .normalised || shown
        let format = format ?? (rule == .normalised ? .addressCodeOnly : .addressCodeAndLastFour)
        self.format = format
        var pairs: [(String, String)] = []
        var names: [String] = []
        var codes: Set<String> = []
        if normalised {
            if isNaturalPerson {
                names = [version.fields["counterpartyName"], version.counterparty?.name].map { DoublePublicityFields.trimmed($0) }
            } else {
                codes = Set([version.fields["usccCode"], version.counterparty?.identifier].compactMap { $0 }
                    .map(IdentityNumberScanner.fold).filter { !$0.isEmpty })
            }
            // A legal representative's name is the organisation's public registration, not masked.
            let representative = isNaturalPerson ? "" : DoublePublicityFields.trimmed(version.fields["legalRepresentative"])
            names += (version.otherPersonNames ?? []).map { DoublePublicityFields.trimmed($0) }.filter { $0 != representative }
        } else {
            func addIdentifier(_ raw: String?) {
                let text = DoublePublicityFields.trimmed(raw)
                if text.count >= 4 { pairs.append((text, PersonalDataMask.maskIdentityNumber(text, format: format))) }
            }
            if isNaturalPerson {
                for raw in [version.fields["counterpartyName"], version.counterparty?.name] {
                    let name = DoublePublicityFields.trimmed(raw)
                    // A one-character "name" would blank that character everywhere; it is masked in its field.
                    if name.count >= 2 { pairs.append((name, PersonalDataMask.maskName(name))) }
                }
                addIdentifier(version.fields["idNumber"])
                addIdentifier(version.counterparty?.identifier)
            }
            addIdentifier(version.fields["legalRepresentativeIDNumber"])
        }
        replacements = pairs.sorted { $0.0.count > $1.0.count }
        self.names = Array(Set(names.filter { $0.count >= 2 })).sorted { ($0.count, $0) > ($1.count, $1) }
        publicCodes = codes
    }

    /// A field's value: masked by its role, then scrubbed of personal data in free text.
    func value(_ value: String, masking: DoublePublicityField.Masking) -> String {
        switch masking {
        case .none:
            text(value)
        case .counterpartyName:
            PersonalDataMask.publicName(name: value, isNaturalPerson: isNaturalPerson)
        case .counterpartyIdentifier:
            isNaturalPerson ? identifier(value) : value
        case .personalIdentifier:
            identifier(value)
        }
    }

    /// A natural person's identifier in its own field, in the version's format; typed in any
    /// spelling, it is folded first so the kept digits are half-width like every other.
    private func identifier(_ value: String) -> String {
        guard normalised else { return PersonalDataMask.maskIdentityNumber(value, format: format) }
        let folded = IdentityNumberScanner.fold(value)
        return PersonalDataMask.maskIdentityNumber(IdentityNumberScanner.isIdentityNumberShaped(folded) ? folded : value, format: format)
    }

    /// Free text with every full name or identity number of a natural person replaced.
    func text(_ value: String) -> String {
        guard normalised else {
            return replacements.reduce(value) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
        }
        return names.reduce(identityNumbers(value)) { PersonNameScanner.masking($1, in: $0) }
    }

    /// Free text with every ID-number-shaped run masked, names left as they are (normalised rule).
    func identityNumbers(_ value: String) -> String {
        var result = value
        for match in IdentityNumberScanner.matches(in: value).reversed() where !isPublicCode(match.normalised) {
            result.replaceSubrange(match.range, with: PersonalDataMask.maskIdentityNumber(match.normalised, format: format))
        }
        return result
    }

    /// A legal person's own code, or a valid USCC that is not a valid ID number (an all-digit USCC
    /// such as `913100001322014573` has the shape of an ID number but belongs to an organisation,
    /// which SPEC X4 says is never masked). A number that passes both checks is masked.
    private func isPublicCode(_ folded: String) -> Bool {
        if publicCodes.contains(folded) { return true }
        guard folded.count == 18, UnifiedSocialCreditCode.isValid(folded) else { return false }
        return ResidentIdentityNumber.checkCharacter(for: String(folded.prefix(17))) != folded.last
    }
}
