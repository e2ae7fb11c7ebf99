import Foundation

/// An event that puts one or more time-limited duties on the bureau (SPEC X2, P7–P9); turned into
/// `Obligation`s by `ObligationRules.obligations(for:)`.
public enum ObligationTrigger: Hashable, Sendable, Codable {
    /// A decision was made on `on`: a penalty must be published within 7 working days (P7.1), a
    /// coercion or licensing decision within 20 (P7.2). Other kinds carry no time limit.
    case decisionMade(kind: EnforcementKind, on: CivilDate, decision: ObligationTarget)
    /// A law, regulation or rule was promulgated, amended, repealed or lapsed on `on` (P8 (一)).
    case lawChanged(on: CivilDate, affected: [ObligationTarget])
    /// The bureau's organisation changed, its 三定方案 approved on `on` (P8 (二)).
    case organisationChanged(on: CivilDate, affected: [ObligationTarget])
    /// An officer's certificate changed on `on` (P8 (三)); `affected` is that officer's certificate
    /// publication.
    case certificateChanged(on: CivilDate, affected: [ObligationTarget])
    /// A decision was lawfully changed on `on` (P8 (四)).
    case decisionChanged(on: CivilDate, affected: [ObligationTarget])
    /// A written correction request was received on `on` (P9.2).
    case correctionRequestReceived(on: CivilDate, request: ObligationTarget)
    /// A decision was revoked, found unlawful or ordered re-made on `on` (P9.3).
    case decisionRevoked(on: CivilDate, ground: RevocationGround, affected: [ObligationTarget])
    /// The enforcement figures of `year` are due by 31 January of the next year (P7.4).
    case yearEnded(year: Int, responsibility: Responsibility)
    /// A 双随机 inspection was concluded on `on`: its result is published within 20 working days,
    /// also on the WeChat channel (P7.3).
    case inspectionConcluded(on: CivilDate, inspection: ObligationTarget)

    /// The P8 (三) trigger for an officer record that changed from `old` to `new` on `date`, or nil
    /// when nothing the certificate publication shows changed (SPEC P5: name, unit, certificate
    /// number, issuer, scope, validity). Lets storage raise the update obligation automatically
    /// whenever an officer record is saved (issue 5), and not on every unrelated save.
    public static func certificateChange(
        from old: Officer, to new: Officer, on date: CivilDate, affected: [ObligationTarget]
    ) -> ObligationTrigger? {
        guard old.name != new.name || old.unitID != new.unitID || old.certificates != new.certificates else { return nil }
        return .certificateChanged(on: date, affected: affected)
    }

    /// Why a trigger cannot be: the input field, a sentence and a short field error.
    public struct Problem: Hashable, Sendable {
        public let field: String
        public let message: String
        public let short: String
    }

    /// A trigger is a fact that has happened (issue 13 item 1): a day after `today` is refused.
    public static func problem(date: CivilDate, today: CivilDate) -> Problem? {
        guard date > today else { return nil }
        return Problem(field: "date", message: "触发日期（\(date.chinese)）晚于今天：尚未发生的事由不能产生义务。", short: "晚于今天")
    }

    /// The yearly figures of `year` are due only once the year is over (SPEC P7.4).
    public static func problem(yearEnded year: Int, today: CivilDate) -> Problem? {
        guard year >= today.year else { return nil }
        return Problem(field: "year", message: "\(year)年度尚未结束，不能登记其年度数据公开义务。", short: "年度尚未结束")
    }
}
