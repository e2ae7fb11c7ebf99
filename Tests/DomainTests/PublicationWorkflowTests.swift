import Domain
import Foundation
import Testing

// SPEC P11 (four-eyes), P9.1 (corrections as versions), P9.3 (withdrawal), P3 (who publishes what),
// X3 (nothing edited in place): the publication workflow as pure transitions.

@Suite("PublicationWorkflow — SPEC P11 four-eyes, P9 corrections and withdrawals")
struct PublicationWorkflowTests {
    typealias F = PublicityFixtures

    func submitted() throws -> Publication {
        let drafted = try PublicationWorkflow.draft(F.version(1), by: F.officer, at: F.shanghai("2026-02-12", 9))
        return try PublicationWorkflow.submit(drafted.publication, by: F.officer, at: F.shanghai("2026-02-12", 11)).publication
    }

    // MARK: Happy path

    @Test("SPEC P11: draft → submitted → approved by a second person → published, each step recorded")
    func fullPath() throws {
        let publication = try F.publishedPenalty()
        #expect(publication.state == .published)
        #expect(publication.history.map(\.kind) == [.drafted, .submitted, .approved, .published])
        #expect(publication.history.map(\.to) == [.draft, .submitted, .approved, .published])
        #expect(publication.history.first?.from == nil)
        #expect(publication.history.map(\.by?.userID) == [F.officer.userID, F.officer.userID, F.legalA.userID, F.brigadeLeader.userID])
        #expect(publication.history.last?.eventType == "publication.published")
        #expect(publication.publishedVersion?.number == 1)
        #expect(publication.period?.start == F.day("2026-02-12"))
        #expect(publication.isListed(on: F.day("2026-02-13")))
    }

    // MARK: Four-eyes (SPEC P11)

    @Test("SPEC P11: the drafter cannot approve their own publication")
    func drafterCannotApprove() throws {
        let drafted = try PublicationWorkflow.draft(
            F.version(1, by: F.legalA), by: F.legalA, at: F.shanghai("2026-02-12", 9))
        let submitted = try PublicationWorkflow.submit(drafted.publication, by: F.legalA, at: F.shanghai("2026-02-12", 10))
        let error = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.approve(submitted.publication, by: F.legalA, at: F.shanghai("2026-02-12", 11))
        }
        #expect(error == .drafterCannotApprove)
        #expect(error?.message.contains("不能审核本人起草") == true)
        // A second person of the legal section may.
        #expect(throws: Never.self) {
            try PublicationWorkflow.approve(submitted.publication, by: F.legalB, at: F.shanghai("2026-02-12", 11))
        }
    }

    @Test("SPEC P11: whoever drafted any version — not only the last — cannot approve")
    func reviserCannotApprove() throws {
        let first = F.version(1)
        let drafted = try PublicationWorkflow.draft(first, by: F.officer, at: F.shanghai("2026-02-12", 9))
        let revised = try PublicationWorkflow.revise(
            drafted.publication, with: F.version(2, by: F.legalA, supersedes: first.id), by: F.legalA,
            at: F.shanghai("2026-02-12", 10))
        let submitted = try PublicationWorkflow.submit(revised.publication, by: F.officer, at: F.shanghai("2026-02-12", 11))
        let error = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.approve(submitted.publication, by: F.legalA, at: F.shanghai("2026-02-12", 12))
        }
        #expect(error == .drafterCannotApprove)
    }

    @Test("SPEC P11, X5: a role without approvePublication cannot approve", arguments: [Role.officer, .brigadeLeader, .supervisor, .supervisionSection])
    func roleWithoutApprovalCannotApprove(role: Role) throws {
        let publication = try submitted()
        let error = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.approve(publication, by: PublicationActor(userID: F.id(999), role: role), at: F.shanghai("2026-02-13"))
        }
        #expect(error == .notPermitted(PermissionError(role: role, action: .approvePublication)))
    }

    @Test("SPEC P11: publishing requires approval")
    func publishRequiresApproval() throws {
        let publication = try submitted()
        let period = PublicityPeriodPolicy.national.period(category: .generalPenalty, start: F.day("2026-02-12"))
        let error = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.publish(publication, period: period, by: F.brigadeLeader, at: F.shanghai("2026-02-13"))
        }
        #expect(error == .notAllowed(from: .submitted, step: .published))
        #expect(error?.message == "公示信息当前为“待审核”，不能发布")
    }

    @Test("SPEC P11: send back needs a comment; the revision becomes a draft, and both versions are kept")
    func sendBackAndRevise() throws {
        let publication = try submitted()
        let blank = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.sendBack(publication, comment: "  ", by: F.legalA, at: F.shanghai("2026-02-12", 14))
        }
        #expect(blank == .commentRequired(.sentBack))

        let sentBack = try PublicationWorkflow.sendBack(
            publication, comment: "违法事实表述不完整", by: F.legalA, at: F.shanghai("2026-02-12", 14))
        #expect(sentBack.publication.state == .sentBack(comment: "违法事实表述不完整"))
        #expect(sentBack.transition.reason == "违法事实表述不完整")

        // A sent-back item cannot go straight back to review: it is revised first.
        let resubmit = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.submit(sentBack.publication, by: F.officer, at: F.shanghai("2026-02-12", 15))
        }
        #expect(resubmit == .notAllowed(from: .sentBack(comment: "违法事实表述不完整"), step: .submitted))

        let v1 = publication.latestVersion
        let revised = try PublicationWorkflow.revise(
            sentBack.publication, with: F.version(2, supersedes: v1.id), by: F.officer, at: F.shanghai("2026-02-12", 16))
        #expect(revised.publication.state == .draft)
        #expect(revised.publication.versions.map(\.number) == [1, 2])
        #expect(revised.publication.versions.first == v1)
    }

    @Test("SPEC X3: a revision must follow the last version's number and point at it, under the actor's own id")
    func revisionChecks() throws {
        let first = F.version(1)
        let drafted = try PublicationWorkflow.draft(first, by: F.officer, at: F.shanghai("2026-02-12", 9)).publication
        let wrongNumber = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.revise(drafted, with: F.version(3, supersedes: first.id), by: F.officer, at: F.shanghai("2026-02-12", 10))
        }
        #expect(wrongNumber == .versionMismatch("新版本应为第2版"))
        let wrongPredecessor = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.revise(drafted, with: F.version(2, supersedes: UUID()), by: F.officer, at: F.shanghai("2026-02-12", 10))
        }
        #expect(wrongPredecessor == .versionMismatch("新版本应指向它所替代的版本"))
        let someoneElses = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.revise(
                drafted, with: F.version(2, by: F.legalA, supersedes: first.id), by: F.officer, at: F.shanghai("2026-02-12", 10))
        }
        #expect(someoneElses == .versionMismatch("版本的起草人应为当前操作人"))
    }

    @Test("SPEC P7.1, P2: an incomplete 双公示 record or one naming no responsible person cannot be submitted")
    func submitValidatesContent() throws {
        var fields = F.penaltyFields()
        fields["decisionNumber"] = nil
        let nobody = Responsibility(unitID: F.id(1), unitName: "执法大队", personID: F.id(2), personName: " ")
        let drafted = try PublicationWorkflow.draft(
            F.version(1, fields: fields, responsibility: nobody), by: F.officer, at: F.shanghai("2026-02-12", 9))
        let error = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.submit(drafted.publication, by: F.officer, at: F.shanghai("2026-02-12", 10))
        }
        guard case .invalidContent(let problems) = error else {
            Issue.record("expected invalidContent, got \(String(describing: error))")
            return
        }
        #expect(problems["decisionNumber"] == "“行政处罚决定书文号”不能为空")
        #expect(problems["responsibility"] != nil)
    }

    @Test("SPEC P7.1: a decision withheld by law needs a basis and a reason, and then skips the 双公示 check")
    func withheldDisclosure() throws {
        let noReason = try PublicationWorkflow.draft(
            F.version(1, fields: [:], disclosure: .withheld(legalBasis: "《政府信息公开条例》第十四条", reason: "")),
            by: F.officer, at: F.shanghai("2026-02-12", 9))
        let error = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.submit(noReason.publication, by: F.officer, at: F.shanghai("2026-02-12", 10))
        }
        #expect(error == .invalidContent(["disclosure": "依法不予公开的，应写明法律依据和理由"]))

        let withheld = try F.publishedPenalty(
            fields: [:], disclosure: .withheld(legalBasis: "《政府信息公开条例》第十四条", reason: "涉及国家秘密"))
        #expect(withheld.state == .published)
        #expect(!withheld.isListed(on: F.day("2026-02-13")))
    }

    // MARK: Who publishes what (SPEC P3)

    @Test("SPEC P3: before-enforcement items and the yearly figures are the legal section's alone")
    func legalSectionOnlyKinds() {
        for kind in PublicationKind.allCases where kind.isLegalSectionOnly {
            let error = F.publicationError { () throws(PublicationError) in
                try PublicationWorkflow.draft(
                    F.version(1, kind: kind, fields: ["内容": "…"], title: kind.chineseName), by: F.officer,
                    at: F.shanghai("2026-02-12"))
            }
            #expect(error == .legalSectionOnly(kind))
        }
        #expect(throws: Never.self) {
            try PublicationWorkflow.draft(
                F.version(1, kind: .powerItem, fields: ["内容": "…"], title: "权力事项", by: F.legalA), by: F.legalA,
                at: F.shanghai("2026-02-12"))
        }
    }

    // MARK: Correction (SPEC P9.1)

    @Test("SPEC P9.1: a correction needs a reason, keeps both versions, and is applied by a second person")
    func correctionKeepsBothVersions() throws {
        let published = try F.publishedPenalty()
        let v1 = try #require(published.publishedVersion)
        var fields = F.penaltyFields()
        fields["fineAmount"] = "3"
        fields["penaltyContent"] = "警告，并处罚款人民币3万元"

        let noReason = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.proposeCorrection(
                published, with: F.version(2, fields: fields, by: F.brigadeLeader, supersedes: v1.id, correctionReason: " "),
                by: F.brigadeLeader, at: F.shanghai("2026-03-02"))
        }
        #expect(noReason == .reasonRequired(.corrected))
        #expect(noReason?.message == "更正须说明理由")

        let proposed = try PublicationWorkflow.proposeCorrection(
            published,
            with: F.version(2, fields: fields, by: F.brigadeLeader, supersedes: v1.id, correctionReason: "罚款金额录入错误"),
            by: F.brigadeLeader, at: F.shanghai("2026-03-02", 9))
        // Until reviewed, the public still sees version 1.
        #expect(proposed.publication.state == .published)
        #expect(proposed.publication.publishedVersion == v1)
        #expect(proposed.publication.pendingCorrection?.number == 2)

        // The proposer cannot apply their own correction.
        let own = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.correct(proposed.publication, by: PublicationActor(userID: F.brigadeLeader.userID, role: .legalSection), at: F.shanghai("2026-03-02", 10))
        }
        #expect(own == .drafterCannotApprove)

        let corrected = try PublicationWorkflow.correct(proposed.publication, by: F.legalB, at: F.shanghai("2026-03-02", 10))
        #expect(corrected.publication.state == .corrected)
        #expect(corrected.transition.kind == .corrected)
        #expect(corrected.transition.reason == "罚款金额录入错误")
        #expect(corrected.publication.versions.count == 2)
        #expect(corrected.publication.versions.first == v1)
        #expect(corrected.publication.publishedVersion?.fields["fineAmount"] == "3")
        #expect(corrected.publication.publishedVersion?.supersedes == v1.id)
        #expect(corrected.publication.publishedVersions.map(\.number) == [1, 2])
        #expect(corrected.publication.isListed(on: F.day("2026-03-03")))
    }

    @Test("SPEC P9.1: a rejected correction is kept but never published; the next one follows its number")
    func rejectedCorrection() throws {
        let published = try F.publishedPenalty()
        let v1 = try #require(published.publishedVersion)
        let proposed = try PublicationWorkflow.proposeCorrection(
            published, with: F.version(2, by: F.brigadeLeader, supersedes: v1.id, correctionReason: "文号有误"),
            by: F.brigadeLeader, at: F.shanghai("2026-03-02", 9))
        let rejected = try PublicationWorkflow.rejectCorrection(
            proposed.publication, comment: "文号无误，无需更正", by: F.legalB, at: F.shanghai("2026-03-02", 10))
        #expect(rejected.publication.state == .published)
        #expect(rejected.publication.pendingCorrection == nil)
        #expect(rejected.publication.versions.count == 2)
        #expect(rejected.publication.publishedVersions == [v1])
        // The next proposal is version 3 and still replaces the published version 1.
        #expect(throws: Never.self) {
            try PublicationWorkflow.proposeCorrection(
                rejected.publication, with: F.version(3, by: F.brigadeLeader, supersedes: v1.id, correctionReason: "罚款金额有误"),
                by: F.brigadeLeader, at: F.shanghai("2026-03-03"))
        }
    }

    @Test("SPEC P9.1: only a published item can be corrected")
    func correctOnlyPublished() throws {
        let publication = try submitted()
        let error = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.proposeCorrection(
                publication, with: F.version(2, by: F.brigadeLeader, supersedes: publication.latestVersion.id, correctionReason: "错误"),
                by: F.brigadeLeader, at: F.shanghai("2026-02-13"))
        }
        #expect(error == .notAllowed(from: .submitted, step: .correctionProposed))
    }

    // MARK: Withdrawal (SPEC P9.3)

    @Test("SPEC P9.3: a withdrawal needs a reason; afterwards the item is never listed and cannot be republished")
    func withdrawal() throws {
        let published = try F.publishedPenalty()
        let noReason = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.withdraw(published, reason: "", by: F.brigadeLeader, at: F.shanghai("2026-05-13"))
        }
        #expect(noReason == .reasonRequired(.withdrawn))

        let withdrawn = try PublicationWorkflow.withdraw(
            published, reason: "行政处罚决定被依法撤销", by: F.brigadeLeader, at: F.shanghai("2026-05-13"))
        #expect(withdrawn.publication.state == .withdrawn(reason: "行政处罚决定被依法撤销"))
        #expect(withdrawn.transition.eventType == "publication.withdrawn")
        #expect(withdrawn.publication.withdrawnAt == F.shanghai("2026-05-13"))
        #expect(!withdrawn.publication.isListed(on: F.day("2026-05-14")))
        // Within the publicity period, still not listed.
        #expect(!withdrawn.publication.isListed(on: F.day("2026-06-01")))
        // Nothing is deleted.
        #expect(withdrawn.publication.versions == published.versions)

        let again = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.withdraw(withdrawn.publication, reason: "再次撤下", by: F.brigadeLeader, at: F.shanghai("2026-05-14"))
        }
        #expect(again == .notAllowed(from: .withdrawn(reason: "行政处罚决定被依法撤销"), step: .withdrawn))
    }

    @Test("SPEC X5: a role without withdrawPublication cannot withdraw")
    func withdrawalNeedsRole() throws {
        let published = try F.publishedPenalty()
        let error = F.publicationError { () throws(PublicationError) in
            try PublicationWorkflow.withdraw(published, reason: "撤销", by: F.officer, at: F.shanghai("2026-05-13"))
        }
        #expect(error == .notPermitted(PermissionError(role: .officer, action: .withdrawPublication)))
    }

    // MARK: Storage round trip

    @Test("SPEC X3: a publication survives encoding, and storage cannot build one without versions")
    func codableRoundTrip() throws {
        let published = try F.publishedPenalty()
        let decoded = try JSONDecoder().decode(Publication.self, from: JSONEncoder().encode(published))
        #expect(decoded == published)
        #expect(throws: PublicationError.self) {
            try Publication(id: F.publicationID, kind: .penaltyDecision, state: .draft, versions: [], history: [])
        }
    }

    @Test("SPEC X2: publishing meets the publish duty, a correction the updates, a withdrawal the withdraw duty too")
    func stepsMeetTheirObligations() {
        #expect(PublicationTransition.Kind.published.obligationsMet.contains(.publishPenaltyDecision))
        #expect(!PublicationTransition.Kind.published.obligationsMet.contains(.updateAfterLawChange))
        #expect(PublicationTransition.Kind.corrected.obligationsMet.contains(.updateAfterCertificateChange))
        #expect(PublicationTransition.Kind.withdrawn.obligationsMet.contains(.withdrawDecision))
        #expect(PublicationTransition.Kind.approved.obligationsMet.isEmpty)
        #expect(!PublicationTransition.Kind.withdrawn.obligationsMet.contains(.answerCorrectionRequest))
    }
}

