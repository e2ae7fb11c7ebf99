import FluentKit

/// Units, officers, certificates and counterparties: who acts and towards whom.
struct CreateDirectory: AsyncMigration {
    var name: String { "001_CreateDirectory" }

    func prepare(on database: Database) async throws {
        try await database.schema("units")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // data
            .field("name", .string, .required)
            .field("kind", .string, .required)
            // constraints
            .unique(on: "name")
            .create()

        try await database.schema("officers")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // references
            .field("unit_id", .uuid, .required, .references("units", "id"))
            // data
            .field("name", .string, .required)
            .create()

        try await database.schema("certificates")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // references
            .field("officer_id", .uuid, .required, .references("officers", "id"))
            // data
            .field("number", .string, .required)
            .field("issuer", .string, .required)
            .field("scope", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_to", .string, .required)
            // constraints
            .unique(on: "number", "valid_from")
            .create()

        try await database.schema("counterparties")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // data
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("identifier", .string, .required)
            .field("identifier_lookup", .string, .required)
            .field("address", .string, .required)
            // constraints
            .unique(on: "identifier_lookup")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("counterparties").delete()
        try await database.schema("certificates").delete()
        try await database.schema("officers").delete()
        try await database.schema("units").delete()
    }
}
