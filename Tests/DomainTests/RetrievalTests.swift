import Domain
import Foundation
import Testing

// SPEC R9.1 records can be retrieved at once by those entitled; R9.2 every retrieval is supervised
// (who, when, which record, why) and sensitive records need approval by someone other than the
// requester.

private let record = UUID(uuidString: "00000000-0000-0000-0000-00000000000a")!
private let officer = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
private let leader = UUID(uuidString: "00000000-0000-0000-0000-000000000002")!
private let director = UUID(uuidString: "00000000-0000-0000-0000-000000000003")!
/// 2026-03-02 09:00 Asia/Shanghai.
private let morning = Date(timeIntervalSince1970: 1_772_413_200)
private let hour: TimeInterval = 3600
private let day: TimeInterval = 86_400

private let caseHandling = try! RetrievalPurpose(kind: .caseHandling, text: "沪普应急罚〔2026〕12号")

private func request(
    _ sensitivity: Sensitivity = .personalPrivacy, by requester: UUID = officer, role: Role = .officer
) throws -> RetrievalRequest {
    try RetrievalRequest(
        recordID: record, requesterID: requester, requesterRole: role, purpose: caseHandling,
        sensitivity: sensitivity, requestedAt: morning)
}

private func retrieve(
    as user: UUID = officer, role: Role = .officer, uploadedByUser: Bool = false,
    purpose: RetrievalPurpose? = caseHandling, sensitivity: Sensitivity = .personalPrivacy,
    approval: RetrievalRequest? = nil, now: Date = morning
) -> RetrievalDecision {
    RetrievalRules.mayRetrieve(
        userID: user, role: role, recordID: record, uploadedByUser: uploadedByUser,
        purpose: purpose, sensitivity: sensitivity, approval: approval, now: now)
}

@Suite struct RetrievalPurposeTests {
    @Test func slugsAndNamesAreStable() {
        #expect(RetrievalPurpose.Kind.allCases.map(\.rawValue) == [
            "case-handling", "case-review", "supervision", "complaint-handling", "public-opinion", "other",
        ])
        #expect(RetrievalPurpose.Kind.allCases.map(\.chineseName) == [
            "案件办理", "案卷评查", "执法监督", "投诉举报处理", "舆情应对", "其他",
        ])
    }

    @Test func parsesASlugWithOrWithoutANote() throws {
        let plain = try RetrievalPurpose(slug: "case-review", text: nil)
        let noted = try RetrievalPurpose(slug: " complaint-handling ", text: "  投诉编号 2026-031 \n")
        let other = try RetrievalPurpose(slug: "other", text: "配合区审计局审计")

        #expect(plain.kind == .caseReview && plain.text == nil)
        #expect(plain.chineseDescription == "案卷评查")
        #expect(noted.kind == .complaintHandling && noted.text == "投诉编号 2026-031")
        #expect(noted.chineseDescription == "投诉举报处理（投诉编号 2026-031）")
        #expect(other.chineseDescription == "其他：配合区审计局审计")
        #expect(try RetrievalPurpose(slug: "supervision", text: "   ").text == nil)
    }

    @Test func refusesAMissingUnknownOrUnexplainedPurpose() {
        #expect(throws: RetrievalError.purposeMissing) { try RetrievalPurpose(slug: nil, text: "看看") }
        #expect(throws: RetrievalError.purposeMissing) { try RetrievalPurpose(slug: "  ", text: nil) }
        #expect(throws: RetrievalError.purposeUnknown("curiosity")) { try RetrievalPurpose(slug: "curiosity", text: nil) }
        #expect(throws: RetrievalError.purposeTextRequired) { try RetrievalPurpose(slug: "other", text: nil) }
        #expect(throws: RetrievalError.purposeTextRequired) { try RetrievalPurpose(kind: .other, text: " \n ") }
    }

    @Test func limitsTheNoteLength() throws {
        let longest = String(repeating: "查", count: RetrievalPurpose.maximumTextLength)
        #expect(try RetrievalPurpose(kind: .other, text: longest).text == longest)
        #expect(throws: RetrievalError.purposeTextTooLong(count: 501)) {
            try RetrievalPurpose(kind: .supervision, text: longest + "查")
        }
    }

    @Test func messagesAreChinese() {
        #expect(RetrievalError.purposeMissing.message
            == "调阅记录资料须说明事由（案件办理、案卷评查、执法监督、投诉举报处理、舆情应对、其他）")
        #expect(RetrievalError.purposeTextRequired.message == "调阅事由选择“其他”时，须写明具体事由")
    }

    @Test func codableGoesThroughValidation() throws {
        let encoded = try JSONEncoder().encode(caseHandling)
        #expect(try JSONDecoder().decode(RetrievalPurpose.self, from: encoded) == caseHandling)

        let unexplained = Data(#"{"kind":"other"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RetrievalPurpose.self, from: unexplained) }
    }
}

@Suite struct RetrievalRequestTests {
    @Test func onlyMarkedRecordsAndEntitledRolesMayBeRequested() throws {
        #expect(throws: RetrievalError.approvalNotNeeded) { try request(.none) }
        #expect(throws: RetrievalError.sensitiveNotForRole(.thirdPartyRecorder, .personalPrivacy)) {
            try request(role: .thirdPartyRecorder)
        }
        #expect(throws: RetrievalError.sensitiveNotForRole(.administrator, .commercialSecret)) {
            try request(.commercialSecret, role: .administrator)
        }
        #expect(try request().state == .requested)
    }

    @Test func approvedBySomeoneElseForSevenDays() throws {
        let pending = try request()

        let approved = try pending.approved(by: leader, role: .brigadeLeader, at: morning + hour)

        #expect(approved.state == .approved(approverID: leader, approverRole: .brigadeLeader, at: morning + hour))
        #expect(approved.validUntil == morning + hour + 7 * day)
        #expect(approved.isValid(at: morning + hour + 7 * day - 1))
        #expect(!approved.isValid(at: morning + hour + 7 * day))
        #expect(pending.state == .requested, "the original value is not changed")
        #expect(pending.validUntil == nil)
    }

    @Test func theRequesterCannotApproveTheirOwnRequest() throws {
        let own = try request(by: leader, role: .brigadeLeader)

        #expect(throws: RetrievalError.approverIsRequester) {
            try own.approved(by: leader, role: .brigadeLeader, at: morning)
        }
        #expect(throws: RetrievalError.approverIsRequester) {
            try own.rejected(by: leader, role: .brigadeLeader, at: morning, reason: "不需要")
        }
        #expect(RetrievalError.approverIsRequester.message == "调阅申请须由申请人以外的人员审批")
    }

    @Test func onlyApprovingRolesApproveAndStateSecretsOnlyTheLeadership() throws {
        #expect(throws: RetrievalError.notEntitledToApprove(.officer, .personalPrivacy)) {
            try request().approved(by: leader, role: .officer, at: morning)
        }
        #expect(throws: RetrievalError.notEntitledToApprove(.supervisionSection, .commercialSecret)) {
            try request(.commercialSecret).approved(by: leader, role: .supervisionSection, at: morning)
        }
        #expect(throws: RetrievalError.notEntitledToApprove(.legalSection, .stateSecret)) {
            try request(.stateSecret).approved(by: leader, role: .legalSection, at: morning)
        }
        #expect(RetrievalError.notEntitledToApprove(.legalSection, .stateSecret).message
            == "涉及国家秘密的记录资料，调阅申请须由局领导审批")
        #expect(RetrievalError.notEntitledToApprove(.officer, .personalPrivacy).message
            == "“执法人员”角色无权审批调阅申请")

        for role in [Role.brigadeLeader, .legalSection, .supervisor] {
            #expect(throws: Never.self) { try request(.commercialSecret).approved(by: director, role: role, at: morning) }
        }
        #expect(throws: Never.self) { try request(.stateSecret).approved(by: director, role: .supervisor, at: morning) }
    }

    @Test func aRejectionNeedsAReasonAndADecisionIsFinal() throws {
        let pending = try request()

        #expect(throws: RetrievalError.rejectionReasonRequired) {
            try pending.rejected(by: leader, role: .brigadeLeader, at: morning, reason: "  ")
        }
        let rejected = try pending.rejected(by: leader, role: .brigadeLeader, at: morning, reason: " 与本案无关 ")
        let approved = try pending.approved(by: leader, role: .brigadeLeader, at: morning)

        #expect(rejected.state == .rejected(approverID: leader, approverRole: .brigadeLeader, at: morning, reason: "与本案无关"))
        #expect(throws: RetrievalError.alreadyDecided) { try rejected.approved(by: director, role: .supervisor, at: morning) }
        #expect(throws: RetrievalError.alreadyDecided) {
            try approved.rejected(by: director, role: .supervisor, at: morning, reason: "撤销")
        }
    }

    @Test func codableRoundTrip() throws {
        let approved = try request(.stateSecret).approved(by: director, role: .supervisor, at: morning)
        let decoded = try JSONDecoder().decode(RetrievalRequest.self, from: JSONEncoder().encode(approved))
        #expect(decoded == approved)
    }
}

@Suite struct RetrievalRulesTests {
    @Test func noPurposeIsRefused() {
        #expect(retrieve(purpose: nil, sensitivity: .none) == .refused(.purposeMissing))
        #expect(retrieve(role: .supervisor, purpose: nil) == .refused(.purposeMissing))
    }

    @Test func anUnmarkedRecordIsOpenToEveryEntitledRoleWithAPurpose() {
        for role in Role.allCases where Permissions.allows(role, .retrieveRecord) {
            #expect(retrieve(role: role, sensitivity: .none) == .allowed, "\(role.rawValue)")
        }
    }

    @Test func aWrongRoleIsRefused() {
        #expect(retrieve(role: .administrator, sensitivity: .none) == .refused(.roleNotEntitled(.administrator)))
        #expect(retrieve(role: .administrator, purpose: nil) == .refused(.roleNotEntitled(.administrator)),
                "the role is judged first")
        #expect(retrieve(role: .thirdPartyRecorder, sensitivity: .none) == .refused(.notOwnUpload(.thirdPartyRecorder)))
        #expect(RetrievalError.roleNotEntitled(.administrator).message == "“系统管理员”角色无权调阅记录资料")
    }

    @Test func theContractedRecorderRetrievesOnlyItsOwnUnmarkedUploads() {
        #expect(retrieve(role: .thirdPartyRecorder, uploadedByUser: true, sensitivity: .none) == .allowed)
        #expect(retrieve(role: .thirdPartyRecorder, uploadedByUser: true, sensitivity: .personalPrivacy)
            == .refused(.sensitiveNotForRole(.thirdPartyRecorder, .personalPrivacy)))
    }

    @Test func aSensitiveRecordWithoutApprovalNeedsApproval() {
        for sensitivity in [Sensitivity.stateSecret, .commercialSecret, .personalPrivacy] {
            #expect(retrieve(sensitivity: sensitivity) == .needsApproval(.noRequest(sensitivity)))
        }
        #expect(retrieve(sensitivity: .commercialSecret).message == "该记录资料涉及商业秘密，须经审批后调阅；请提出调阅申请")
    }

    @Test func aPendingRequestStillNeedsApproval() throws {
        #expect(retrieve(approval: try request()) == .needsApproval(.pending))
    }

    @Test func approvedAndWithinTheWindowIsAllowed() throws {
        let approval = try request().approved(by: leader, role: .brigadeLeader, at: morning)

        #expect(retrieve(approval: approval, now: morning) == .allowed)
        #expect(retrieve(approval: approval, now: morning + 7 * day - 1) == .allowed)
        #expect(retrieve(purpose: nil, approval: approval) == .refused(.purposeMissing),
                "each retrieval states its purpose, approval or not")
    }

    @Test func anExpiredApprovalNeedsApprovalAgain() throws {
        let approval = try request().approved(by: leader, role: .brigadeLeader, at: morning)

        let decision = retrieve(approval: approval, now: morning + 7 * day)

        #expect(decision == .needsApproval(.expired(validUntil: morning + 7 * day)))
        #expect(decision.message == "调阅审批的有效期已于2026年3月9日 09:00届满，请重新申请")
    }

    @Test func anApprovalByTheRequesterIsRefusedEvenWhenStoredThatWay() throws {
        // The state machine never produces one (RetrievalRequestTests); a stored row could.
        let genuine = try request(by: officer).approved(by: leader, role: .brigadeLeader, at: morning)
        var json = String(decoding: try JSONEncoder().encode(genuine), as: UTF8.self)
        json = json.replacingOccurrences(of: leader.uuidString, with: officer.uuidString)
        let forged = try JSONDecoder().decode(RetrievalRequest.self, from: Data(json.utf8))

        #expect(forged.state == .approved(approverID: officer, approverRole: .brigadeLeader, at: morning))
        #expect(retrieve(approval: forged) == .refused(.approverIsRequester))
    }

    @Test func anApprovalCoversOnlyItsRequesterRecordAndMarking() throws {
        let approval = try request(.personalPrivacy, by: officer).approved(by: leader, role: .brigadeLeader, at: morning)

        #expect(retrieve(as: director, role: .supervisor, approval: approval) == .needsApproval(.noRequest(.personalPrivacy)))
        #expect(retrieve(sensitivity: .stateSecret, approval: approval) == .needsApproval(.noRequest(.stateSecret)))
        let elsewhere = RetrievalRules.mayRetrieve(
            userID: officer, role: .officer, recordID: UUID(), purpose: caseHandling,
            sensitivity: .personalPrivacy, approval: approval, now: morning)
        #expect(elsewhere == .needsApproval(.noRequest(.personalPrivacy)))
    }

    @Test func aRejectedRequestIsRefusedWithItsReason() throws {
        let rejected = try request().rejected(by: leader, role: .brigadeLeader, at: morning, reason: "与本案无关")

        let decision = retrieve(approval: rejected)

        #expect(decision == .refused(.requestRejected(reason: "与本案无关")))
        #expect(decision.message == "调阅申请已被驳回：与本案无关")
    }
}
