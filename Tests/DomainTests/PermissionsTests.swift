import Domain
import Testing

// SPEC X5: a staff member sees and does only what the role allows. The table below is the policy,
// written out cell by cell: changing `Permissions` without changing it here fails a test, so every
// change to who may do what is a visible, reviewed change.

/// Column order of the table (literal, not `Role.allCases`, so reordering the enum changes nothing).
private let columns: [Role] = [
    .officer,                // O 执法人员
    .brigadeLeader,          // B 执法大队负责人
    .legalSection,           // L 法制宣传科
    .supervisionSection,     // S 安全生产监督管理科
    .office,                 // F 办公室（装备与档案）
    .accidentInvestigation,  // A 事故调查部门
    .supervisor,             // V 局领导/监督人员
    .thirdPartyRecorder,     // T 第三方记录服务机构
    .administrator,          // M 系统管理员
]

/// `X` allowed, `.` refused.
private let expected: [(Action, String)] = [
    //                               OBLSFAVTM
    (.createActivity,               "XX...X..."),
    (.viewActivity,                 "XXXXXXX.."),
    (.viewCounterpartyIdentity,     "XXX..X..."),
    (.uploadMedia,                  "XX...X.X."),
    (.createTextRecord,             "XX...X..."),
    (.explainGap,                   "XX...X.X."),
    (.registerDevice,               "....X...."),
    (.assignDevice,                 "....X...."),
    (.viewOwnCompliance,            "XX...X..."),
    (.viewAllCompliance,            ".XXX..X.."),
    (.retrieveRecord,               "XXXXXXX.."),
    (.retrieveOwnUpload,            "XX...X.X."),
    (.requestSensitiveRetrieval,    "XXXXXXX.."),
    (.approveSensitiveRetrieval,    ".XX...X.."),
    (.searchRetrievalLog,           "..XX..X.."),
    (.archiveRecords,               "....X...."),
    (.reviewSensitivity,            "..X......"),
    (.manageOfficers,               "..X......"),
    (.manageUsers,                  "........X"),
    (.importCalendar,               "........X"),
    (.draftPublication,             "XXXX.X..."),
    (.approvePublication,           "..X......"),
    (.publishPublication,           ".XXX.X..."),
    (.correctPublication,           ".XXX.X..."),
    (.withdrawPublication,          ".XXX.X..."),
    (.answerCorrectionRequest,      "..X......"),
    (.viewAccountability,           "..X...X.."),
    (.viewYearlyFigures,            ".XXX.XX.."),
    (.confirmYearlyFigures,         ".X.X.X..."),
    (.compileYearlyFigures,         "..X......"),
    (.managePublicityPolicy,        "..X......"),
    (.markRetentionFacts,           "XXX.XX..."),
    (.viewRetention,                "..X.X.X.."),
    (.placeLegalHold,               "..X...X.."),
    (.appraiseDisposal,             "....X...."),
    (.approveDisposal,              "......X.."),
    (.viewFixityAudits,             "..X.X.X.."),
    (.closeCase,                    "XXX..X..."),
    (.viewArchives,                 "....X.X.."),
    (.planRandomInspection,         ".XXX....."),
    (.revealDrawSecret,             ".XXX..X.."),
    (.declareRecusal,               "XXXX....."),
    (.concludeInspection,           "XX......."),
    (.planCaseReview,               "..X...X.."),
    (.handleComplaints,             "..X.X.X.."),
    (.assignComplaint,              "..X.X...."),
    (.manageComplaintPolicy,        "..X.X...."),
    (.viewWeakSpots,                "..XX..X.."),
    (.reviewCases,                  "..X......"),
    (.viewCaseReviews,              "..X...X.."),
    (.answerReviewFindings,         "XX.X.X..."),
]

@Suite struct PermissionsTests {
    @Test func theTableCoversEveryActionAndRoleOnce() {
        #expect(expected.map(\.0) == Action.allCases)
        #expect(Set(columns) == Set(Role.allCases) && columns.count == Role.allCases.count)
        for (action, row) in expected {
            #expect(row.count == columns.count, "row of \(action.rawValue)")
            #expect(row.allSatisfy { $0 == "X" || $0 == "." }, "row of \(action.rawValue)")
        }
    }

    @Test func everyRoleAndActionMatchesTheTable() {
        var cells = 0
        for (action, row) in expected {
            for (role, mark) in zip(columns, row) {
                let allowed = Permissions.allows(role, action)
                #expect(allowed == (mark == "X"), "\(role.rawValue) × \(action.rawValue)")
                cells += 1
            }
        }
        #expect(cells == Role.allCases.count * Action.allCases.count)
    }

    @Test func roleAllowedIsTheTableRow() {
        for (index, role) in columns.enumerated() {
            let fromTable = Set(expected.filter { Array($0.1)[index] == "X" }.map(\.0))
            #expect(role.allowed == fromTable, "\(role.rawValue)")
        }
    }

    @Test func rolesForActionIsTheTableColumn() {
        for (action, row) in expected {
            let fromTable = Set(zip(columns, row).filter { $0.1 == "X" }.map(\.0))
            #expect(Permissions.roles(for: action) == fromTable, "\(action.rawValue)")
        }
    }

    /// Slugs are stored, typed on the command line and logged: they never change.
    @Test func slugsAreStable() {
        #expect(Role.allCases.map(\.rawValue) == [
            "officer", "brigade-leader", "legal-section", "supervision-section", "office",
            "accident-investigation", "supervisor", "third-party-recorder", "administrator",
        ])
        #expect(Action.allCases.map(\.rawValue) == [
            "create-activity", "view-activity", "view-counterparty-identity", "upload-media",
            "create-text-record", "explain-gap", "register-device", "assign-device",
            "view-own-compliance", "view-all-compliance", "retrieve-record", "retrieve-own-upload",
            "request-sensitive-retrieval", "approve-sensitive-retrieval", "search-retrieval-log",
            "archive-records", "review-sensitivity", "manage-officers", "manage-users", "import-calendar",
            "draft-publication", "approve-publication", "publish-publication", "correct-publication",
            "withdraw-publication", "answer-correction-request", "view-accountability", "view-yearly-figures",
            "confirm-yearly-figures", "compile-yearly-figures", "manage-publicity-policy",
            "mark-retention-facts", "view-retention", "place-legal-hold", "appraise-disposal", "approve-disposal",
            "view-fixity-audits", "close-case", "view-archives", "plan-random-inspection", "reveal-draw-secret",
            "declare-recusal", "conclude-inspection", "plan-case-review", "handle-complaints", "assign-complaint",
            "manage-complaint-policy", "view-weak-spots", "review-cases", "view-case-reviews", "answer-review-findings",
        ])
        #expect(Role(rawValue: "brigade-leader") == .brigadeLeader)
        #expect(Role(rawValue: "public") == nil)
    }

    @Test func chineseNamesAreThoseOfTheBureau() {
        #expect(Role.allCases.map(\.chineseName) == [
            "执法人员", "执法大队负责人", "法制宣传科", "安全生产监督管理科", "办公室（装备与档案）",
            "事故调查部门", "局领导/监督人员", "第三方记录服务机构", "系统管理员",
        ])
        #expect(Set(Action.allCases.map(\.chineseName)).count == Action.allCases.count)
    }

    @Test func separationOfDuties() {
        // The administrator runs accounts, never cases or records.
        #expect(Role.administrator.allowed == [.manageUsers, .importCalendar])
        // The contracted recorder records; it neither reads cases nor retrieves others' records.
        #expect(Role.thirdPartyRecorder.allowed == [.uploadMedia, .explainGap, .retrieveOwnUpload])
        // Only the legal section approves publications (SPEC P11).
        #expect(Permissions.roles(for: .approvePublication) == [.legalSection])
    }

    @Test func complianceOfOneActivity() {
        #expect(Permissions.mayViewCompliance(.officer, ofOwnActivity: true))
        #expect(!Permissions.mayViewCompliance(.officer, ofOwnActivity: false))
        #expect(Permissions.mayViewCompliance(.supervisor, ofOwnActivity: false))
        #expect(Permissions.mayViewCompliance(.brigadeLeader, ofOwnActivity: false))
        #expect(!Permissions.mayViewCompliance(.thirdPartyRecorder, ofOwnActivity: true))
        #expect(!Permissions.mayViewCompliance(.administrator, ofOwnActivity: true))
    }

    @Test func checkThrowsARefusalNamingRoleAndAction() throws {
        try Permissions.check(.legalSection, .approvePublication)

        #expect(throws: PermissionError(role: .officer, action: .approvePublication)) {
            try Permissions.check(.officer, .approvePublication)
        }
        #expect(PermissionError(role: .administrator, action: .retrieveRecord).message
            == "“系统管理员”角色无权调阅记录资料")
    }
}
