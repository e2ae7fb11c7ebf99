import Foundation
import Ledger

/// One version's content as the public may see it (SPEC X4, X3, P2): masked for natural persons,
/// in the national field order for 双公示 kinds.
///
/// The same value is shown on the detail page, exported as open data, indexed for search, and —
/// as canonical JSON (`canonical`) — hashed into the publication's ledger leaf. Hashing the *public*
/// content, not the stored one, is what lets anyone check a page against the ledger without the
/// bureau revealing a natural person's name or identity number to do so.
public struct PublicContent: Hashable, Sendable, Codable {
    /// One shown field: the national label for 双公示 kinds, else the key as written.
    public struct Field: Hashable, Sendable, Codable {
        public let key: String
        public let label: String
        public let value: String
    }

    public let publicationID: UUID
    public let versionID: UUID
    public let versionNumber: Int
    public let kind: PublicationKind
    public let title: String
    public let fields: [Field]
    /// The counterparty as it may be shown (masked for natural persons).
    public let counterpartyName: String?
    public let counterpartyIdentifier: String?
    public let responsibleUnit: String
    public let responsiblePerson: String
    /// 公开 or 依法不予公开, with its legal basis (SPEC P7.1).
    public let disclosure: PublicationDisclosure
    public let supersedes: UUID?
    public let correctionReason: String?

    /// The content as hashed into the version's ledger leaf when it was stored: masked with the
    /// version's own rule (`PublicMaskingRule`), so `lawtrail verify` recomputes the same digest for
    /// versions stored before issue 12.
    public init(_ version: PublicationVersion) {
        self.init(version, mask: PublicMasker(version: version))
    }

    /// The content as every public surface shows it — page, `content.json`, proof bundle, open data,
    /// channels, search index (issue 12 items 3 and 4). The same as `init(_:)` for versions drafted
    /// since issue 12; an older version is read with today's matching, so a number or name it
    /// holds in clear in another spelling is masked on read (its ledger digest then no longer
    /// matches what is shown, which is the point: the leaf committed to personal data).
    public static func shown(_ version: PublicationVersion) -> PublicContent {
        PublicContent(version, mask: PublicMasker(version: version, shown: true))
    }

    private init(_ version: PublicationVersion, mask: PublicMasker) {
        publicationID = version.publicationID
        versionID = version.id
        versionNumber = version.number
        kind = version.kind
        title = mask.text(version.title)
        responsibleUnit = version.responsibility.unitName
        responsiblePerson = version.responsibility.personName
        supersedes = version.supersedes
        correctionReason = version.correctionReason.map(mask.text)
        switch version.disclosure {
        case .publish: disclosure = version.disclosure
        // The reason for withholding may repeat the content; only the basis is public.
        case .withheld(let basis, _): disclosure = .withheld(legalBasis: basis, reason: "")
        }

        let schema = version.kind.doublePublicityFields
        var fields: [Field] = []
        if let schema {
            for field in schema.fields {
                let value = DoublePublicityFields.trimmed(version.fields[field.key])
                guard !value.isEmpty else { continue }
                fields.append(Field(key: field.key, label: field.label, value: mask.value(value, masking: field.masking)))
            }
        }
        let known = Set(schema?.keys ?? [])
        for key in version.fields.keys.sorted() where !known.contains(key) {
            let value = DoublePublicityFields.trimmed(version.fields[key])
            guard !value.isEmpty else { continue }
            // Kinds without a national field set (coercion, inspection results) reuse the 双公示 keys
            // a draft from the case file fills in; show their Chinese labels, never the English keys.
            let label = DoublePublicityFields.penalty.field(key)?.label ?? DoublePublicityFields.licensing.field(key)?.label ?? key
            fields.append(Field(key: key, label: label, value: mask.text(value)))
        }
        self.fields = fields

        let name = DoublePublicityFields.trimmed(version.fields["counterpartyName"])
        let rawName = name.isEmpty ? version.counterparty?.name : name
        counterpartyName = rawName.map { mask.value($0, masking: .counterpartyName) }
        let code = DoublePublicityFields.trimmed(version.fields[mask.isNaturalPerson ? "idNumber" : "usccCode"])
        let rawCode = code.isEmpty ? version.counterparty?.identifier : code
        counterpartyIdentifier = rawCode.map { mask.value($0, masking: .counterpartyIdentifier) }
    }

    /// The value of the field `key`, if shown.
    public func value(_ key: String) -> String? { fields.first { $0.key == key }?.value }

    /// The content hashed into the ledger leaf (docs/ledger-format.md, `publication.*`): ids, kind,
    /// title, fields by key, the responsible unit and person, the disclosure basis, the version it
    /// supersedes and the correction reason. Labels are left out: they are presentation, and a
    /// relabelled field must not look like altered content.
    public var canonical: JSONValue {
        var object: [String: JSONValue] = [
            "publicationId": .string(publicationID.uuidString.lowercased()),
            "versionId": .string(versionID.uuidString.lowercased()),
            "version": .integer(Int64(versionNumber)),
            "kind": .string(kind.rawValue),
            "title": .string(title),
            "fields": .object(Dictionary(uniqueKeysWithValues: fields.map { ($0.key, JSONValue.string($0.value)) })),
            "responsibleUnit": .string(responsibleUnit),
            "responsiblePerson": .string(responsiblePerson),
            "disclosure": .object([
                "kind": .string(disclosure.isWithheld ? "withheld" : "publish"),
                "legalBasis": .string(disclosure.legalBasis),
            ]),
        ]
        if let counterpartyName { object["counterpartyName"] = .string(counterpartyName) }
        if let counterpartyIdentifier { object["counterpartyIdentifier"] = .string(counterpartyIdentifier) }
        if let supersedes { object["supersedes"] = .string(supersedes.uuidString.lowercased()) }
        if let correctionReason { object["correctionReason"] = .string(correctionReason) }
        return .object(object)
    }

    /// The exact bytes whose SHA-256 is the leaf's `contentSha256`.
    public func canonicalBytes() throws -> [UInt8] { try CanonicalJSON.encode(canonical) }

    /// Lowercase hex SHA-256 of `canonicalBytes()`.
    public func sha256() throws -> String { try DomainEvents.contentDigest(canonical) }
}
