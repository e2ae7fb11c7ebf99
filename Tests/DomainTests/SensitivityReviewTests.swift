import Domain
import Ledger
import Foundation
import Testing

// Issue 13 item 6, SPEC R9.2, R10: which records wait for the legal section's review of their
// marking, what a review decides, and which marking is in force.
@Suite struct SensitivityReviewTests {
    static let legal = StaffMember(id: UUID(), role: .legalSection)
    static let at = Date(timeIntervalSince1970: 1_795_500_000)

    func record(_ template: DocumentTemplate? = nil, values: [String: String]? = nil, kind: Record.Kind = .document,
                sensitivity: Sensitivity = .none, supersedes: UUID? = nil) -> Record {
        Record(activityID: UUID(), caseID: UUID(), counterpartyID: UUID(), kind: kind, templateID: template?.id,
               documentValues: values, sensitivity: sensitivity, supersedes: supersedes, createdBy: UUID())
    }

    func review(_ marking: Sensitivity, previous: Sensitivity = .none, at offset: TimeInterval) -> SensitivityReview {
        SensitivityReview(recordID: UUID(), previous: previous, marking: marking, decision: .changed, reason: "理由",
                          reviewedBy: Self.legal.id, reviewedAt: Self.at.addingTimeInterval(offset))
    }

    // MARK: - The queue

    @Test("a record the uploader marked waits for review, whatever it holds")
    func markedRecord() {
        let photo = record(kind: .photo, sensitivity: .commercialSecret)

        #expect(SensitivityReviewRules.causes(photo, counterpartyIsNaturalPerson: false) == [.marked(.commercialSecret)])
    }

    @Test("every record about a natural person waits for review")
    func naturalPersonCounterparty() {
        let photo = record(kind: .photo)

        #expect(SensitivityReviewRules.causes(photo, counterpartyIsNaturalPerson: true) == [.naturalPersonCounterparty])
        #expect(SensitivityReviewRules.causes(photo, counterpartyIsNaturalPerson: false) == [])
    }

    @Test("a document naming a natural person (被询问人) or holding an ID number waits; officers' names alone do not")
    func documentsNamingPeople() {
        let inquiry = record(.inquiryRecord, values: ["intervieweeName": "王小明", "interviewers": "张三 31070020001"])
        let withNumber = record(.penaltyNotice, values: ["facts": "当事人身份证号11010519491231002X"])
        let officersOnly = record(.penaltyNotice, values: ["contactPerson": "张三", "facts": "未按规定培训"])
        let blankName = record(.inquiryRecord, values: ["intervieweeName": "  "])

        #expect(SensitivityReviewRules.causes(inquiry, counterpartyIsNaturalPerson: false) == [.namesPerson(fieldLabel: "被询问人姓名")])
        #expect(SensitivityReviewRules.causes(withNumber, counterpartyIsNaturalPerson: false) == [.identityNumber])
        #expect(SensitivityReviewRules.causes(officersOnly, counterpartyIsNaturalPerson: false) == [])
        #expect(SensitivityReviewRules.causes(blankName, counterpartyIsNaturalPerson: false) == [])
    }

    @Test("every person field key is a field of some template")
    func personFieldsExist() {
        let keys = Set(DocumentTemplate.all.flatMap { $0.fields.map(\.key) })

        #expect(SensitivityReviewRules.personFieldKeys.isSubset(of: keys))
    }

    // MARK: - The decision

    @Test("the same marking confirms it, with or without a reason")
    func confirm() throws {
        let marked = record(kind: .photo, sensitivity: .personalPrivacy)

        let review = try SensitivityReviewRules.review(marked, current: .personalPrivacy, marking: .personalPrivacy,
                                                       reason: nil, by: Self.legal, at: Self.at)

        #expect(review.decision == .confirmed)
        #expect(review.previous == .personalPrivacy && review.marking == .personalPrivacy)
        #expect(review.reason == nil && review.recordID == marked.id && review.reviewedBy == Self.legal.id)
    }

    @Test("a different marking changes it and needs a reason; a blank reason is none")
    func change() throws {
        let plain = record(kind: .photo)

        #expect(throws: SensitivityReviewError.reasonRequired) {
            try SensitivityReviewRules.review(plain, current: .none, marking: .personalPrivacy, reason: " \n", by: Self.legal, at: Self.at)
        }
        let review = try SensitivityReviewRules.review(plain, current: .none, marking: .personalPrivacy,
                                                       reason: " 照片可见当事人面部 ", by: Self.legal, at: Self.at)
        #expect(review.decision == .changed && review.previous == .none && review.marking == .personalPrivacy)
        #expect(review.reason == "照片可见当事人面部")
    }

    @Test("only the legal section reviews", arguments: Role.allCases.filter { $0 != .legalSection })
    func onlyLegalSection(role: Role) {
        #expect(throws: SensitivityReviewError.notPermitted(role)) {
            try SensitivityReviewRules.review(record(), current: .none, marking: .none, reason: nil,
                                              by: StaffMember(id: UUID(), role: role), at: Self.at)
        }
    }

    // MARK: - The marking in force

    @Test("the latest review is in force, else the predecessor's marking for a correction, else the uploader's")
    func effectiveMarking() {
        let older = review(.commercialSecret, at: 0), newer = review(.none, previous: .commercialSecret, at: 60)

        #expect(SensitivityReviewRules.effective(uploaded: .personalPrivacy, reviews: []) == .personalPrivacy)
        #expect(SensitivityReviewRules.effective(uploaded: .none, reviews: [newer, older]) == .none)
        #expect(SensitivityReviewRules.effective(uploaded: .none, reviews: [older]) == .commercialSecret)
        #expect(SensitivityReviewRules.effective(uploaded: .none, reviews: [], predecessor: .personalPrivacy) == .personalPrivacy)
        #expect(SensitivityReviewRules.effective(uploaded: .none, reviews: [newer], predecessor: .personalPrivacy) == .none)
    }

    @Test("a review's canonical content, whose digest the ledger holds, covers the reason and the markings")
    func canonicalContent() throws {
        let review = review(.personalPrivacy, at: 0)

        guard case .object(let fields) = review.canonicalContent else { Issue.record("not an object"); return }
        #expect(fields["reason"] == .string("理由"))
        #expect(fields["marking"] == .string("personal-privacy"))
        #expect(fields["previous"] == .string("none"))
    }
}
