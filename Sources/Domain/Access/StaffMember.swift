import Foundation

/// The signed-in staff member a service acts for (SPEC X5): who, in which role, and which officer
/// of the directory the account belongs to, if any. Every door (API, staff pages, CLI) hands the
/// services this value; none of them passes a transport type down.
public struct StaffMember: Sendable, Hashable {
    public let id: UUID
    public let role: Role
    public let unitID: UUID?
    public let officerID: UUID?

    public init(id: UUID, role: Role, unitID: UUID? = nil, officerID: UUID? = nil) {
        self.id = id
        self.role = role
        self.unitID = unitID
        self.officerID = officerID
    }

    public var publicationActor: PublicationActor { PublicationActor(userID: id, role: role) }

    public func may(_ action: Action) -> Bool { Permissions.allows(role, action) }
}
