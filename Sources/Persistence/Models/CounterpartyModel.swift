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
    @Field(key: "identifier") public var identifier: String
    @Field(key: "address") public var address: String

    public init() {}

    public init(_ counterparty: Counterparty) {
        self.id = counterparty.id
        self.kind = counterparty.kind.rawValue
        self.name = counterparty.name
        self.identifier = counterparty.identifier
        self.address = counterparty.address
    }

    public func domain() throws -> Counterparty {
        guard let id, let kind = Counterparty.Kind(rawValue: kind) else {
            throw PersistenceError.corruptRow(table: Self.schema, detail: "counterparty \(String(describing: id))")
        }
        return Counterparty(id: id, kind: kind, name: name, identifier: identifier, address: address)
    }
}
