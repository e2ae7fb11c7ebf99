import Crypto
import Domain
import Fluent
import Persistence
import Vapor

/// Signs a request in from `Authorization: Bearer <token>` (tokens from `POST /api/v1/sessions`).
/// The token is looked up by its SHA-256; an expired token or a deactivated account is no sign-in.
struct BearerAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        let digest = AccountService.tokenDigest(bearer.token)
        guard let token = try await APITokenModel.query(on: request.db)
            .filter(\.$tokenSHA256 == digest)
            .with(\.$user)
            .first(),
            token.expiresAt > request.application.lawTrail.now,
            token.user.active,
            let role = Role(rawValue: token.user.role),
            let id = token.user.id
        else { return }
        request.auth.login(AuthenticatedUser(
            id: id, username: token.user.username, displayName: token.user.displayName,
            role: role, unitID: token.user.$unit.id, officerID: token.user.officerID))
    }
}
