import Domain
import FluentKit
import Foundation

/// Row of `certificates`: one enforcement certificate of an officer (SPEC P5).
/// A changed certificate is a new row; old rows stay (nothing is updated in place).
public final class CertificateModel: Model, @unchecked Sendable {
    public static let schema = "certificates"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // references
    @Parent(key: "officer_id") public var officer: OfficerModel

    // data
    @Field(key: "number") public var number: String
    @Field(key: "issuer") public var issuer: String
    @Field(key: "scope") public var scope: String
    /// Calendar dates kept as `YYYY-MM-DD` text: same on both databases, sorts correctly.
    @Field(key: "valid_from") public var validFrom: String
    @Field(key: "valid_to") public var validTo: String

    public init() {}

    public init(_ certificate: Certificate, officerID: UUID) {
        self.$officer.id = officerID
        self.number = certificate.number
        self.issuer = certificate.issuer
        self.scope = certificate.scope
        self.validFrom = certificate.validFrom.description
        self.validTo = certificate.validTo.description
    }

    public func domain() throws -> Certificate {
        guard let from = CivilDate(iso: validFrom), let to = CivilDate(iso: validTo) else {
            throw PersistenceError.corruptRow(table: Self.schema, detail: "certificate \(number)")
        }
        return Certificate(number: number, issuer: issuer, scope: scope, validFrom: from, validTo: to)
    }
}
