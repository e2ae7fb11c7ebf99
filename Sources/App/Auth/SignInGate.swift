import Domain
import Persistence
import Vapor

/// The one way to sign in, for the staff form and the API alike (issue 12 item 2; SPEC X5).
///
/// 1. The attempt is reserved as a failure, then the failures before it are counted: parallel
///    attempts see each other, so no burst gets past `SignInPolicy`'s limits.
/// 2. A locked account or blocked client is refused without a password check, and the reservation
///    released (a locked-out attacker does not extend the lock of the person they target).
/// 3. The password is checked on `PasswordWork`'s own threads; when they are saturated the answer
///    is "busy" at once.
/// 4. Success releases the reservation; a wrong password leaves it as the recorded failure.
enum SignInGate {
    enum Outcome {
        case signedIn(token: String, expiresAt: Date, user: UserModel)
        case accountLocked(minutes: Int)
        case clientBlocked
        case invalidCredentials
        case busy
    }

    static func attempt(username rawUsername: String, password: String, on req: Request) async throws -> Outcome {
        let username = String(rawUsername.trimmingCharacters(in: .whitespaces).prefix(64))
        let services = req.application.lawTrail
        let now = services.now
        let clientKey = services.personalData.lookupHash("client:" + (req.clientAddress ?? "unknown"))
        let failures = SignInFailureStore(database: req.db)
        let policy = SignInPolicy()
        let reservation = try await failures.record(username: username, clientKey: clientKey, at: now)
        let counts = try await failures.counts(
            username: username, clientKey: clientKey, since: now.addingTimeInterval(-policy.window), excluding: reservation)
        let decision = policy.decide(
            accountFailures: counts.account, clientFailures: counts.client, lastAccountFailure: counts.lastAccountFailure, now: now)
        switch decision {
        case .allowed:
            break
        case .accountLocked(let until):
            try await failures.release(reservation, outcome: "account-locked")
            try await RefusalLog.record(req, userID: nil, reason: "sign-in refused: account \(username) locked")
            return .accountLocked(minutes: max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up))))
        case .clientBlocked:
            try await failures.release(reservation, outcome: "client-blocked")
            try await RefusalLog.record(req, userID: nil, reason: "sign-in refused: client blocked")
            return .clientBlocked
        }
        let work = req.application.passwordWork
        let session: (token: String, expiresAt: Date, user: UserModel)?
        do {
            session = try await AccountService.signIn(
                username: username, password: password, on: req.db,
                verify: { password, hash in try await work.verify(password, against: hash) },
                unknownUserHash: work.unknownUserHash, now: now)
        } catch is PasswordWork.Busy {
            try await failures.release(reservation, outcome: "busy")
            req.logger.warning("sign-in refused: password checks saturated")
            return .busy
        }
        guard let session else {
            try await RefusalLog.record(req, userID: nil, reason: "sign-in failed for \(username)")
            return .invalidCredentials
        }
        try await failures.release(reservation, outcome: "signed-in")
        return .signedIn(token: session.token, expiresAt: session.expiresAt, user: session.user)
    }
}
