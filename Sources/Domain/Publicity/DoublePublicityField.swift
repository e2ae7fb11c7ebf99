import Foundation

/// One field of a national 双公示 data set (SPEC P2, P7.1): its stable key, its exact national
/// label, whether it must be filled, what kind of value it takes and whether it is personal data.
///
/// The list of fields, and where it comes from, is `DoublePublicityFields`.
public struct DoublePublicityField: Hashable, Sendable, Codable {
    /// What kind of value the field takes; `DoublePublicityFields.validate` checks it.
    public enum Kind: Hashable, Sendable, Codable {
        /// Free text.
        case text
        /// A calendar date, `YYYY-MM-DD` (the `YYYY/MM/DD` of the national templates is accepted too).
        case date
        /// An amount in 万元: a non-negative decimal with at most 6 decimal places (6 places of
        /// 万元 is one fen, the smallest amount there is).
        case money
        /// A 统一社会信用代码, checked with its check character (GB 32100-2015, SPEC X4).
        case uscc
        /// One of `values`; with `allowsMultiple`, several of them separated by `；` `;` `、` or `,`
        /// (a decision may impose more than one kind of penalty).
        case enumeration(values: [String], allowsMultiple: Bool)
        /// An identity-document number; checked as a resident ID number (GB 11643-1999, SPEC X4)
        /// when the field `typeKey` says `身份证`, otherwise free text.
        case identityNumber(typeKey: String)
    }

    /// When the field must be filled.
    public enum Requirement: Hashable, Sendable, Codable {
        case required
        case optional
        /// Required when the field `key` holds any of `anyOf` — e.g. 法定代表人 for a 法人及非法人组织,
        /// 罚款金额 when the 处罚类别 includes 罚款.
        case requiredWhen(key: String, anyOf: [String])
    }

    /// How the field is shown on public surfaces (SPEC X4: natural persons masked, legal persons never).
    public enum Masking: String, Hashable, Sendable, Codable {
        /// Public as it is.
        case none
        /// The counterparty's name: masked when the counterparty is a natural person.
        case counterpartyName
        /// The counterparty's identity number: masked when the counterparty is a natural person.
        case counterpartyIdentifier
        /// Always a natural person's identity number (a legal representative's): always masked.
        case personalIdentifier
    }

    /// Stable English camelCase key: the key in `PublicationVersion.fields` and in JSON exports.
    public let key: String
    /// The field's name in the national data standard, exactly: the CSV header for 信用中国.
    public let label: String
    public let requirement: Requirement
    public let kind: Kind
    public let masking: Masking

    public init(key: String, label: String, requirement: Requirement, kind: Kind = .text, masking: Masking = .none) {
        self.key = key
        self.label = label
        self.requirement = requirement
        self.kind = kind
        self.masking = masking
    }

    /// Whether the field must always be filled (a conditional field is not "required" here).
    public var isRequired: Bool { requirement == .required }

    /// The allowed values of an enumeration field; nil for other kinds.
    public var allowedValues: [String]? {
        if case .enumeration(let values, _) = kind { return values }
        return nil
    }
}
