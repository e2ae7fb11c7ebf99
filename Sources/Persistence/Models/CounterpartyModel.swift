import Domain
import FluentKit
import Foundation

/// Row of `counterparties` (行政相对人).
public final class CounterpartyModel: Model, @unchecked Sendable {
    public static let schema = "counterparties"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data
    @Field(key: "kind") public var kind: String
    @Field(key: "name") public var name: String
    /// A legal person's USCC in clear; a natural person's ID number sealed (AES-GCM).
    @Field(key: "identifier") public var identifier: String
    /// Exact look-up key: the USCC itself, or a keyed hash of a natural person's number.
    @Field(key: "identifier_lookup") public var identifierLookup: String
    @Field(key: "address") public var address: String

    public init() {}

    public init(_ counterparty: Counterparty, protection: PersonalDataProtection) throws {
        self.id = counterparty.id
        self.kind = counterparty.kind.rawValue
        self.name = counterparty.name
        self.address = counterparty.address
        self.identifierLookup = Self.lookup(counterparty.identifier, kind: counterparty.kind, protection: protection)
        self.identifier = counterparty.kind == .naturalPerson
            ? try protection.seal(counterparty.identifier) : counterparty.identifier
    }

    public static func lookup(_ identifier: String, kind: Counterparty.Kind, protection: PersonalDataProtection) -> String {
        kind == .naturalPerson ? "hmac:" + protection.lookupHash(identifier) : "uscc:" + identifier
    }

    public func domain(protection: PersonalDataProtection) throws -> Counterparty {
        guard let id, let kind = Counterparty.Kind(rawValue: kind) else {
            throw PersistenceError.corruptRow(table: Self.schema, detail: "counterparty \(String(describing: id))")
        }
        let clear = kind == .naturalPerson ? try protection.open(identifier) : identifier
        return Counterparty(id: id, kind: kind, name: name, identifier: clear, address: address)
    }
}
