import Domain
import Foundation
import Vapor

/// The signed-in staff member of a request (SPEC X5).
public struct AuthenticatedUser: Authenticatable, Sendable {
    public let id: UUID
    public let username: String
    public let displayName: String
    public let role: Role
    public let unitID: UUID?
    public let officerID: UUID?
}

extension Request {
    /// The signed-in user; only call behind `RequireAction`.
    var user: AuthenticatedUser {
        get throws {
            guard let user = auth.get(AuthenticatedUser.self) else { throw Abort(.unauthorized) }
            return user
        }
    }
}
