import FluentKit
import Foundation

/// Row of `users`: a staff account (SPEC X5). The password is stored only as a bcrypt hash.
public final class UserModel: Model, @unchecked Sendable {
    public static let schema = "users"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // references
    @OptionalParent(key: "unit_id") public var unit: UnitModel?
    /// The officer record of a staff member who is an enforcement officer ("my activities").
    @OptionalField(key: "officer_id") public var officerID: UUID?

    // data
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "role") public var role: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "active") public var active: Bool

    public init() {}

    public init(
        id: UUID = UUID(), username: String, displayName: String, role: String, passwordHash: String,
        unitID: UUID? = nil, officerID: UUID? = nil
    ) {
        self.officerID = officerID
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.passwordHash = passwordHash
        self.active = true
        self.$unit.id = unitID
    }
}

/// Row of `api_tokens`: a bearer token, stored as its SHA-256 so a database leak leaks no token.
public final class APITokenModel: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // references
    @Parent(key: "user_id") public var user: UserModel

    // data
    @Field(key: "token_sha256") public var tokenSHA256: String
    @Field(key: "expires_at") public var expiresAt: Date

    public init() {}

    public init(userID: UUID, tokenSHA256: String, expiresAt: Date) {
        self.$user.id = userID
        self.tokenSHA256 = tokenSHA256
        self.expiresAt = expiresAt
    }
}

/// Row of `access_refusals`: every refused request (SPEC X5 "every refusal is logged").
public final class AccessRefusalModel: Model, @unchecked Sendable {
    public static let schema = "access_refusals"

    // managed
    @ID(key: .id) public var id: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    // references
    @OptionalField(key: "user_id") public var userID: UUID?

    // data
    @Field(key: "method") public var method: String
    @Field(key: "path") public var path: String
    @Field(key: "reason") public var reason: String
    @OptionalField(key: "client_address") public var clientAddress: String?

    public init() {}

    public init(userID: UUID?, method: String, path: String, reason: String, clientAddress: String?) {
        self.userID = userID
        self.method = method
        self.path = path
        self.reason = reason
        self.clientAddress = clientAddress
    }
}
