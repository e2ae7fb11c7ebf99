import Crypto
import Domain
import Fluent
import Foundation
import Persistence
import Vapor

/// Creating accounts and signing in (SPEC X5; issue 4 item 8).
public enum AccountService {
    public static let tokenLifetime: TimeInterval = 8 * 3600

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case invalidUsername, weakPassword, usernameTaken(String), unknownRole(String)

        public var description: String {
            switch self {
            case .invalidUsername: "用户名须为 3–32 位字母、数字、点、下划线或连字符"
            case .weakPassword: "密码至少 10 位"
            case .usernameTaken(let name): "用户名 \(name) 已存在"
            case .unknownRole(let name): "没有角色 \(name)；可用角色：\(AccountRoles.names)"
            }
        }
    }

    /// Creates an account; the password is stored only as a bcrypt hash, made by `hash` (off the
    /// event loop for a request: `PasswordWork`).
    public static func createUser(
        username: String, displayName: String, role: Role, password: String, unitID: UUID? = nil,
        officerID: UUID? = nil, on db: any Database, hash: @Sendable (String) async throws -> String
    ) async throws -> UserModel {
        guard (3...32).contains(username.count),
              username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw Failure.invalidUsername
        }
        guard password.count >= 10 else { throw Failure.weakPassword }
        if try await UserModel.query(on: db).filter(\.$username == username).count() > 0 {
            throw Failure.usernameTaken(username)
        }
        let user = UserModel(
            username: username, displayName: displayName, role: role.rawValue,
            passwordHash: try await hash(password), unitID: unitID, officerID: officerID)
        try await user.create(on: db)
        return user
    }

    /// The same with a synchronous hasher: for start-up (the demo set), the command line and tests,
    /// never for a request.
    public static func createUser(
        username: String, displayName: String, role: Role, password: String, unitID: UUID? = nil,
        officerID: UUID? = nil, on db: any Database, hasher: any PasswordHasher
    ) async throws -> UserModel {
        try await createUser(
            username: username, displayName: displayName, role: role, password: password, unitID: unitID,
            officerID: officerID, on: db, hash: { password in
                let hashed: String = try hasher.hash(password)
                return hashed
            })
    }

    /// Checks the password and issues a bearer token; nil for any failure (no hint which part).
    /// `verify(password, hash)` runs bcrypt; pass one that works off the event loop. Every path
    /// costs one bcrypt check — an unknown name is checked against `unknownUserHash`, a deactivated
    /// account's password is checked before it is refused — so timing tells none of them apart
    /// (issue 12 item 12).
    public static func signIn(
        username: String, password: String, on db: any Database,
        verify: @Sendable (String, String) async throws -> Bool, unknownUserHash: String, now: Date
    ) async throws -> (token: String, expiresAt: Date, user: UserModel)? {
        guard let user = try await UserModel.query(on: db).filter(\.$username == username).first() else {
            _ = try await verify(password, unknownUserHash)
            return nil
        }
        let matches = try await verify(password, user.passwordHash)
        guard matches, user.active, let userID = user.id else {
            return nil
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        let token = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let expiresAt = now.addingTimeInterval(tokenLifetime)
        try await APITokenModel(userID: userID, tokenSHA256: tokenDigest(token), expiresAt: expiresAt).create(on: db)
        return (token, expiresAt, user)
    }

    static func tokenDigest(_ token: String) -> String {
        FileBlobStore.hex(SHA256.hash(data: Data(token.utf8)))
    }

}

/// The role names for help texts and errors.
public enum AccountRoles {
    public static var names: String { Role.allCases.map(\.rawValue).joined(separator: ", ") }
}

/// bcrypt with a chosen cost, usable without a running application (the command line).
public struct BcryptHasher: PasswordHasher {
    let cost: Int

    public init(cost: Int) {
        self.cost = cost
    }

    public func hash<Password: DataProtocol>(_ password: Password) throws -> [UInt8] {
        Array(try Bcrypt.hash(String(decoding: Array(password), as: UTF8.self), cost: cost).utf8)
    }

    public func verify<Password: DataProtocol, Digest: DataProtocol>(_ password: Password, created digest: Digest) throws -> Bool {
        try Bcrypt.verify(String(decoding: Array(password), as: UTF8.self), created: String(decoding: Array(digest), as: UTF8.self))
    }
}
