import Foundation

/// The one table of who may do what (SPEC X5): a `switch` per action listing its roles, so that a
/// reviewer reads the whole policy on one screen and a test (`PermissionsTests`) pins every cell.
///
/// Why each line is what it is:
/// - Acts and their records belong to those who carry out enforcement: officers, the brigade
///   leader, accident investigation (SPEC R1, R3). The contracted recorder only records and
///   explains its own interruptions (SPEC R7); it does not read cases.
/// - Equipment and archives are the office's (SPEC R3, R8, R10).
/// - Retrieval is open to every staff role with a case to work on or to supervise (SPEC R9.1), but
///   never to the administrator (who runs accounts, not cases) nor to the contracted recorder beyond
///   its own uploads (`retrieveOwnUpload`).
/// - Sensitive retrievals are approved by a leader: brigade leader, legal section or supervisor
///   (SPEC R9.2); never by the requester, and 国家秘密 only by a supervisor (`RetrievalRules`).
/// - Publicity: the legal section enters, approves and answers (SPEC P3, P9.2, P11); business units
///   and the brigade publish, correct and withdraw their during- and after-enforcement items (P3).
///   That last "only during/after items" limit needs the publication's stage and is checked by the
///   publication workflow, not by this table; the table only says a business unit may publish at all.
///   Officers draft (a decision of their own case becomes a publication without retyping, issue 5)
///   but publish through their unit's leader.
/// - How a record is marked is reviewed by the legal section (SPEC R3: it guides; R9.2, R10), not
///   left to the uploader alone.
/// - Accountability reports go to the legal section and the leadership (SPEC P10, R14).
public enum Permissions {
    /// Whether `role` may ever take `action` (SPEC X5).
    public static func allows(_ role: Role, _ action: Action) -> Bool {
        roles(for: action).contains(role)
    }

    /// The roles allowed to take `action`: the table itself.
    public static func roles(for action: Action) -> Set<Role> {
        switch action {
        // Records (SPEC R1–R9)
        case .createActivity: [.officer, .brigadeLeader, .accidentInvestigation]
        case .viewActivity:
            [.officer, .brigadeLeader, .legalSection, .supervisionSection, .office,
             .accidentInvestigation, .supervisor]
        case .viewCounterpartyIdentity: [.officer, .brigadeLeader, .legalSection, .accidentInvestigation]
        case .uploadMedia: [.officer, .brigadeLeader, .accidentInvestigation, .thirdPartyRecorder]
        case .createTextRecord: [.officer, .brigadeLeader, .accidentInvestigation]
        case .explainGap: [.officer, .brigadeLeader, .accidentInvestigation, .thirdPartyRecorder]
        case .registerDevice: [.office]
        case .assignDevice: [.office]
        case .viewOwnCompliance: [.officer, .brigadeLeader, .accidentInvestigation]
        case .viewAllCompliance: [.brigadeLeader, .legalSection, .supervisionSection, .supervisor]
        case .retrieveRecord:
            [.officer, .brigadeLeader, .legalSection, .supervisionSection, .office,
             .accidentInvestigation, .supervisor]
        case .retrieveOwnUpload: [.officer, .brigadeLeader, .accidentInvestigation, .thirdPartyRecorder]
        case .requestSensitiveRetrieval:
            [.officer, .brigadeLeader, .legalSection, .supervisionSection, .office,
             .accidentInvestigation, .supervisor]
        case .approveSensitiveRetrieval: [.brigadeLeader, .legalSection, .supervisor]
        case .searchRetrievalLog: [.legalSection, .supervisionSection, .supervisor]
        case .archiveRecords: [.office]
        case .reviewSensitivity: [.legalSection]
        // Directory and administration
        case .manageOfficers: [.legalSection]
        case .manageUsers: [.administrator]
        case .importCalendar: [.administrator]
        // Publicity (SPEC P1–P11)
        case .draftPublication:
            [.officer, .brigadeLeader, .legalSection, .supervisionSection, .accidentInvestigation]
        case .approvePublication: [.legalSection]
        case .publishPublication: [.brigadeLeader, .legalSection, .supervisionSection, .accidentInvestigation]
        case .correctPublication: [.brigadeLeader, .legalSection, .supervisionSection, .accidentInvestigation]
        case .withdrawPublication: [.brigadeLeader, .legalSection, .supervisionSection, .accidentInvestigation]
        case .answerCorrectionRequest: [.legalSection]
        case .viewAccountability: [.legalSection, .supervisor]
        case .viewYearlyFigures: [.brigadeLeader, .legalSection, .supervisionSection, .accidentInvestigation, .supervisor]
        case .confirmYearlyFigures: [.brigadeLeader, .supervisionSection, .accidentInvestigation]
        case .compileYearlyFigures: [.legalSection]
        case .managePublicityPolicy: [.legalSection]
        case .markRetentionFacts: [.officer, .brigadeLeader, .legalSection, .office, .accidentInvestigation]
        case .viewRetention: [.legalSection, .office, .supervisor]
        case .placeLegalHold: [.legalSection, .supervisor]
        case .appraiseDisposal: [.office]
        case .approveDisposal: [.supervisor]
        // Archives (SPEC R10, R14; issue 14)
        case .viewFixityAudits: [.legalSection, .office, .supervisor]
        // Archives (SPEC R10, R11; issue 14 item 2)
        case .closeCase: [.officer, .brigadeLeader, .legalSection, .accidentInvestigation]
        case .viewArchives: [.office, .supervisor]
        case .planRandomInspection: [.brigadeLeader, .legalSection, .supervisionSection]
        case .revealDrawSecret: [.brigadeLeader, .legalSection, .supervisionSection, .supervisor]
        case .declareRecusal: [.officer, .brigadeLeader, .legalSection, .supervisionSection]
        case .concludeInspection: [.officer, .brigadeLeader]
        case .planCaseReview: [.legalSection, .supervisor]
        // Supervision (SPEC R13; issue 15 item 3): the office and the legal section take in,
        // assign and answer; the leadership reads and supervises. Officers do not read complaints
        // (one may be about them); the assigned unit reports back through the office.
        case .handleComplaints: [.office, .legalSection, .supervisor]
        case .assignComplaint: [.office, .legalSection]
        case .manageComplaintPolicy: [.office, .legalSection]
        // Supervision (SPEC R12; issue 15 item 4)
        case .viewWeakSpots: [.legalSection, .supervisionSection, .supervisor]
        // Case review (SPEC R12, R13; issue 15 item 2)
        case .reviewCases: [.legalSection]
        case .viewCaseReviews: [.legalSection, .supervisor]
        case .answerReviewFindings: [.officer, .brigadeLeader, .supervisionSection, .accidentInvestigation]
        }
    }

    /// Whether `role` may see one activity's compliance findings (SPEC R5, R7, P6): anyone with
    /// `viewAllCompliance`, or, for their own activity, anyone with `viewOwnCompliance`. The one
    /// place the two actions meet, so a route for a single activity need not repeat it.
    public static func mayViewCompliance(_ role: Role, ofOwnActivity isOwn: Bool) -> Bool {
        allows(role, .viewAllCompliance) || (isOwn && allows(role, .viewOwnCompliance))
    }

    /// Refuses with a `PermissionError` (to be logged, SPEC X5) when `role` may not take `action`.
    public static func check(_ role: Role, _ action: Action) throws(PermissionError) {
        guard allows(role, action) else { throw PermissionError(role: role, action: action) }
    }
}
