import FluentKit

/// Staff accounts, API tokens and the log of refused requests (SPEC X5).
/// Accounts are never deleted (their history stays attributable); they are deactivated.
struct CreateAccounts: AsyncMigration {
    var name: String { "003_CreateAccounts" }

    func prepare(on database: Database) async throws {
        try await database.schema("users")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // references
            .field("unit_id", .uuid, .references("units", "id"))
            .field("officer_id", .uuid, .references("officers", "id"))
            // data
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("password_hash", .string, .required)
            .field("active", .bool, .required)
            // constraints
            .unique(on: "username")
            .create()

        try await database.schema("api_tokens")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // references
            .field("user_id", .uuid, .required, .references("users", "id"))
            // data
            .field("token_sha256", .string, .required)
            .field("expires_at", .datetime, .required)
            // constraints
            .unique(on: "token_sha256")
            .create()

        try await database.schema("access_refusals")
            // managed
            .id()
            .field("created_at", .datetime, .required)
            // references (no foreign key: a refusal may name no user or an unknown one)
            .field("user_id", .uuid)
            // data
            .field("method", .string, .required)
            .field("path", .string, .required)
            .field("reason", .string, .required)
            .field("client_address", .string)
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema("access_refusals").delete()
        try await database.schema("api_tokens").delete()
        try await database.schema("users").delete()
    }
}
