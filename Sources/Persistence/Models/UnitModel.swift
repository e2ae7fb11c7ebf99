import Domain
import FluentKit
import Foundation

/// Row of `units` (SPEC X5).
public final class UnitModel: Model, @unchecked Sendable {
    public static let schema = "units"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // data
    @Field(key: "name") public var name: String
    @Field(key: "kind") public var kind: String

    public init() {}

    public init(_ unit: BureauUnit) {
        self.id = unit.id
        self.name = unit.name
        self.kind = unit.kind.rawValue
    }

    public func domain() throws -> BureauUnit {
        guard let id, let kind = UnitKind(rawValue: kind) else {
            throw PersistenceError.corruptRow(table: Self.schema, detail: "unit \(String(describing: id))")
        }
        return BureauUnit(id: id, name: name, kind: kind)
    }
}
