import Foundation
import Ledger

/// 结案: a case declared finished, on a civil date, with a summary (issue 14 item 2; SPEC R10: a
/// case is archived once it is closed). Insert-only; a case is closed at most once. A closed case
/// may still receive late paperwork until it is archived.
public struct CaseClosure: Hashable, Sendable, Codable {
    public var caseID: UUID
    public var closedOn: CivilDate
    /// 结案情况: how the case ended, as the closer wrote it.
    public var summary: String
    public var closedBy: UUID
    public var closedAt: Date

    public init(caseID: UUID, closedOn: CivilDate, summary: String, closedBy: UUID, closedAt: Date) {
        self.caseID = caseID
        self.closedOn = closedOn
        self.summary = summary
        self.closedBy = closedBy
        self.closedAt = Date(timeIntervalSince1970: (closedAt.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// The content whose SHA-256 the `case.closed` event holds (the summary may name people, so
    /// only its digest is public).
    public var canonicalContent: JSONValue {
        [
            "caseId": .string(caseID.uuidString.lowercased()),
            "closedOn": .string(closedOn.description),
            "summary": .string(summary),
            "closedBy": .string(closedBy.uuidString.lowercased()),
            "closedAtMs": .integer(Int64((closedAt.timeIntervalSince1970 * 1000).rounded())),
        ]
    }
}

/// The rules of closing a case, pure (tested in DomainTests without a database).
public enum CaseClosing {
    public static let maxSummaryLength = 2000

    /// Field problems of a closing typed as text, all at once: the date must be a real date, not in
    /// the future and not before the case was opened; the summary is required.
    public static func problems(closedOn text: String?, summary: String?, openedOn: CivilDate, today: CivilDate) -> [String: String] {
        var errors: [String: String] = [:]
        let trimmed = (summary ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { errors["summary"] = "请填写结案情况" }
        if trimmed.count > maxSummaryLength { errors["summary"] = "结案情况不超过 \(maxSummaryLength) 字" }
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            errors["closedOn"] = "请填写结案日期"
            return errors
        }
        guard let date = CivilDate(iso: text.trimmingCharacters(in: .whitespaces)) else {
            errors["closedOn"] = "应为 YYYY-MM-DD 日期"
            return errors
        }
        if date > today { errors["closedOn"] = "结案日期不能晚于今天（\(today.description)）" }
        if date < openedOn { errors["closedOn"] = "结案日期不能早于立案日期（\(openedOn.description)）" }
        return errors
    }
}
