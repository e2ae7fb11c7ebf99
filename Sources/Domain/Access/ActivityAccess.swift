import Foundation

/// Whose activity an activity is, and what follows from that (SPEC R7, X5).
public enum ActivityAccess {
    /// An activity is one's own when one created it or is one of its officers.
    public static func isOwn(_ activity: Activity, createdBy: UUID, by staff: StaffMember) -> Bool {
        createdBy == staff.id || staff.officerID.map(activity.officerIDs.contains) == true
    }

    /// Officers see the recording compliance of their own activities; supervising roles see all.
    public static func mayViewCompliance(_ activity: Activity, createdBy: UUID, by staff: StaffMember) -> Bool {
        Permissions.mayViewCompliance(staff.role, ofOwnActivity: isOwn(activity, createdBy: createdBy, by: staff))
    }

    /// Who may explain a gap in an activity's recording (SPEC R7; issue 12 item 5): the enforcement
    /// roles as before; a third-party recorder, who is no officer of the bureau, only in an activity
    /// they recorded (uploaded a record to).
    public static func mayExplainGap(role: Role, hasRecordedInActivity: Bool) -> Bool {
        guard Permissions.allows(role, .explainGap) else { return false }
        return role != .thirdPartyRecorder || hasRecordedInActivity
    }
}
