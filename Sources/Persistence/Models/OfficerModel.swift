import Domain
import FluentKit
import Foundation

/// Row of `officers` (SPEC P5, P6).
public final class OfficerModel: Model, @unchecked Sendable {
    public static let schema = "officers"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // references
    @Parent(key: "unit_id") public var unit: UnitModel

    // data
    @Field(key: "name") public var name: String
    @Children(for: \.$officer) public var certificates: [CertificateModel]

    public init() {}

    public init(_ officer: Officer) {
        self.id = officer.id
        self.$unit.id = officer.unitID
        self.name = officer.name
    }
}

extension OfficerModel {
    /// The officer with its certificates; the query must have loaded them (`.with(\.$certificates)`).
    public func domain() throws -> Officer {
        Officer(id: try requireID(), name: name, unitID: $unit.id, certificates: try certificates.map { try $0.domain() })
    }
}
