import Foundation

/// Why an activity was refused when it was entered (SPEC P6, R2).
///
/// Match the case in code and tests; `description` is the one-line Simplified Chinese reason shown
/// to the person who entered the activity, naming the officer and what is wrong. `field` is the
/// `Activity` property the error belongs to, for per-field form errors (RFC 9457 `errors`).
public enum ActivityError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why an officer has no certificate valid on the day, as data.
    public enum CertificateProblem: Hashable, Sendable {
        /// The officer holds no certificate at all.
        case noneRegistered
        /// The most recent certificate ran out before the day.
        case expired(number: String, validTo: CivilDate)
        /// The next certificate only starts after the day.
        case notYetValid(number: String, validFrom: CivilDate)
    }

    /// `endedAt` is before `startedAt`.
    case endBeforeStart(startedAt: Date, endedAt: Date)
    /// A bureau-defined SPEC R5 (八) situation without a name.
    case unnamedBureauSituation
    /// No officer named at all.
    case noOfficers
    /// An officer id that matches no officer.
    case unknownOfficer(UUID)
    /// The same officer named twice (they would otherwise count as two, SPEC P6).
    case duplicateOfficer(officerID: UUID, name: String)
    /// An on-site act with fewer than two officers (SPEC P6); `names` are those named.
    case tooFewOfficersOnSite(names: [String])
    /// An officer of an on-site act without a certificate valid on `date` (SPEC P6).
    case noValidCertificate(officerID: UUID, name: String, date: CivilDate, problem: CertificateProblem)

    /// The `Activity` property the error is about.
    public var field: String {
        switch self {
        case .endBeforeStart: "endedAt"
        case .unnamedBureauSituation: "situations"
        case .noOfficers, .unknownOfficer, .duplicateOfficer, .tooFewOfficersOnSite, .noValidCertificate:
            "officerIDs"
        }
    }

    /// The Chinese message (same as `description`).
    public var message: String { description }

    public var description: String {
        switch self {
        case .endBeforeStart(let startedAt, let endedAt):
            return "结束时间（\(ShanghaiTime.chinese(endedAt))）早于开始时间（\(ShanghaiTime.chinese(startedAt))）"
        case .unnamedBureauSituation:
            return "局规定的其他应全程音视频记录情形未填写名称"
        case .noOfficers:
            return "未填写执法人员：执法活动至少应有一名执法人员"
        case .unknownOfficer(let id):
            return "执法人员不存在（编号 \(id.uuidString.lowercased())）"
        case .duplicateOfficer(_, let name):
            return "执法人员\(name)重复填写"
        case .tooFewOfficersOnSite(let names):
            if names.isEmpty { return "现场执法至少需要两名执法人员，本次未填写执法人员" }
            return "现场执法至少需要两名执法人员，本次只有\(names.count)名（\(names.joined(separator: "、"))）"
        case .noValidCertificate(_, let name, let date, let problem):
            let head = "执法人员\(name)没有在\(date.chinese)有效的执法证"
            switch problem {
            case .noneRegistered:
                return head + "（未登记执法证）"
            case .expired(let number, let validTo):
                return head + "（执法证\(number)已于\(validTo.chinese)到期）"
            case .notYetValid(let number, let validFrom):
                return head + "（执法证\(number)自\(validFrom.chinese)起才有效）"
            }
        }
    }
}
