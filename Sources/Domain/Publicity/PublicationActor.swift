import Foundation

/// The staff member taking a step in the publication workflow: who, and in which role (SPEC X5, P11).
///
/// The id decides four-eyes (the drafter never approves their own, SPEC P11); the role decides
/// whether the step is allowed at all (`Permissions`).
public struct PublicationActor: Hashable, Sendable, Codable {
    public var userID: UUID
    public var role: Role

    public init(userID: UUID, role: Role) {
        self.userID = userID
        self.role = role
    }
}
