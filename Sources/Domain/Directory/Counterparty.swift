import Foundation

/// 行政相对人: the enterprise or person an enforcement act is aimed at (SPEC vocabulary, X4).
public struct Counterparty: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// 法人或其他组织, identified by 统一社会信用代码; never masked when published.
        case legalPerson = "legal-person"
        /// 自然人, identified by 居民身份证号; masked on every public surface (SPEC X4).
        case naturalPerson = "natural-person"
    }

    public var id: UUID
    public var kind: Kind
    public var name: String
    /// The USCC for a legal person, the resident ID number for a natural person.
    public var identifier: String
    public var address: String

    public init(id: UUID = UUID(), kind: Kind, name: String, identifier: String, address: String) {
        self.id = id
        self.kind = kind
        self.name = name
        self.identifier = identifier
        self.address = address
    }
}
