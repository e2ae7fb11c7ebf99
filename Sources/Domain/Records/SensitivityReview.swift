import Foundation
import Ledger

/// The legal section's decision on how a record is marked (SPEC R9.2, R10): it confirms the
/// uploader's marking or changes it, with a reason. A review is a fact appended after the record;
/// the record itself never changes (SPEC R9.5), and its effective marking is the latest review's
/// (`SensitivityReviewRules.effective`).
public struct SensitivityReview: Hashable, Sendable, Codable, Identifiable {
    public enum Decision: String, CaseIterable, Hashable, Sendable, Codable {
        /// The marking in force is right.
        case confirmed = "confirmed"
        /// The marking in force is replaced by `marking`.
        case changed = "changed"

        public var chineseName: String {
            switch self {
            case .confirmed: "确认标记"
            case .changed: "变更标记"
            }
        }
    }

    public var id: UUID
    public var recordID: UUID
    /// The marking in force before this review (the uploader's, or the previous review's).
    public var previous: Sensitivity
    /// The marking from this review on.
    public var marking: Sensitivity
    public var decision: Decision
    /// Why; required for a change. Stays in the database: it may name people.
    public var reason: String?
    public var reviewedBy: UUID
    public var reviewedAt: Date

    public init(
        id: UUID = UUID(), recordID: UUID, previous: Sensitivity, marking: Sensitivity, decision: Decision,
        reason: String?, reviewedBy: UUID, reviewedAt: Date
    ) {
        self.id = id
        self.recordID = recordID
        self.previous = previous
        self.marking = marking
        self.decision = decision
        self.reason = reason
        self.reviewedBy = reviewedBy
        // Whole milliseconds, as stored and hashed (`Record.wholeMilliseconds`).
        self.reviewedAt = Record.wholeMilliseconds(reviewedAt)
    }

    /// The content whose SHA-256 the `record.sensitivity_reviewed` ledger event holds.
    public var canonicalContent: JSONValue {
        [
            "id": .string(id.uuidString.lowercased()), "recordId": .string(recordID.uuidString.lowercased()),
            "previous": .string(previous.rawValue), "marking": .string(marking.rawValue),
            "decision": .string(decision.rawValue), "reason": reason.map(JSONValue.string) ?? .null,
            "reviewedBy": .string(reviewedBy.uuidString.lowercased()),
            "reviewedAtMs": .integer(Int64((reviewedAt.timeIntervalSince1970 * 1000).rounded())),
        ]
    }
}

/// Why a record waits for the legal section's review of its marking.
public enum SensitivityReviewCause: Hashable, Sendable {
    /// The uploader marked it sensitive: the legal section confirms or corrects the marking.
    case marked(Sensitivity)
    /// The act's counterparty is a natural person (自然人): whatever is recorded is about them.
    case naturalPersonCounterparty
    /// A document field that names a natural person (被询问人, 法定代表人, 见证人…) is filled in.
    case namesPerson(fieldLabel: String)
    /// A resident identity number appears in the document's text.
    case identityNumber

    public var chineseDescription: String {
        switch self {
        case .marked(let marking): "上传人标记为“\(marking.chineseName)”"
        case .naturalPersonCounterparty: "行政相对人为自然人"
        case .namesPerson(let label): "文书“\(label)”一栏载有自然人"
        case .identityNumber: "文书中载有居民身份证号码"
        }
    }
}

/// Refusals of a sensitivity review.
public enum SensitivityReviewError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Only the legal section reviews markings (SPEC R3: the legal section guides; R9.2).
    case notPermitted(Role)
    /// A change of marking needs its reason.
    case reasonRequired

    public var description: String {
        switch self {
        case .notPermitted(let role): "“\(role.chineseName)”角色不能审核记录资料的涉密标记"
        case .reasonRequired: "变更标记须说明理由"
        }
    }
}

/// The rules of the sensitivity review (issue 13 item 6; SPEC R9.2 "sensitive records need
/// approval", R10 "secret, commercial-secret and personal-privacy records handled by their rules").
///
/// The uploader's marking alone decided until now, defaulting to none. Now a record that is marked,
/// or likely holds personal data, waits for the legal section, whose latest decision is the
/// effective marking that retrieval obeys.
public enum SensitivityReviewRules {
    /// Document fields that name a natural person other than the officers (officers' names and
    /// certificates are public, SPEC P5). Keys of `DocumentTemplate.all`.
    public static let personFieldKeys: Set<String> = [
        "legalRepresentative", "siteRepresentativeSignature", "intervieweeName", "intervieweeIDNumber",
        "intervieweeSignature", "othersPresent", "entityRepresentativeSignature", "proxyRecipient", "witnesses",
        "recipientSignature",
    ]

    /// Why `record` needs review, in a stable order; empty when it does not.
    public static func causes(_ record: Record, counterpartyIsNaturalPerson: Bool) -> [SensitivityReviewCause] {
        var causes: [SensitivityReviewCause] = []
        if record.sensitivity != .none { causes.append(.marked(record.sensitivity)) }
        if counterpartyIsNaturalPerson { causes.append(.naturalPersonCounterparty) }
        if let values = record.documentValues {
            let template = record.templateID.flatMap(DocumentTemplate.named)
            for field in template?.fields ?? [] where personFieldKeys.contains(field.key) {
                if let value = values[field.key], !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    causes.append(.namesPerson(fieldLabel: field.label))
                }
            }
            if values.values.contains(where: { !IdentityNumberScanner.matches(in: $0).isEmpty }) {
                causes.append(.identityNumber)
            }
        }
        return causes
    }

    /// The marking in force: the latest review's (by time, then by order given); for a correction
    /// not reviewed itself, the marking in force for the version it supersedes (`predecessor`) — a
    /// correction is a new version of the same document, so the legal section's decision carries
    /// over until the new version is reviewed; else the uploader's.
    public static func effective(uploaded: Sensitivity, reviews: [SensitivityReview], predecessor: Sensitivity? = nil) -> Sensitivity {
        latest(reviews)?.marking ?? predecessor ?? uploaded
    }

    static func latest(_ reviews: [SensitivityReview]) -> SensitivityReview? {
        reviews.enumerated().max { ($0.element.reviewedAt, $0.offset) < ($1.element.reviewedAt, $1.offset) }?.element
    }

    /// The review `staff` makes of `record`, whose marking in force is `current` (`effective`):
    /// `marking` equal to it confirms it (a reason is optional), a different one changes it (a
    /// reason is required).
    public static func review(
        _ record: Record, current: Sensitivity, marking: Sensitivity, reason: String?,
        by staff: StaffMember, at: Date, id: UUID = UUID()
    ) throws(SensitivityReviewError) -> SensitivityReview {
        guard Permissions.allows(staff.role, .reviewSensitivity) else { throw .notPermitted(staff.role) }
        let text = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let stated = (text?.isEmpty ?? true) ? nil : text
        let decision: SensitivityReview.Decision = marking == current ? .confirmed : .changed
        if decision == .changed, stated == nil { throw .reasonRequired }
        return SensitivityReview(
            id: id, recordID: record.id, previous: current, marking: marking, decision: decision,
            reason: stated, reviewedBy: staff.id, reviewedAt: at)
    }
}
