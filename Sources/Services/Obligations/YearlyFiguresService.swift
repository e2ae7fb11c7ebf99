import Domain
import FluentKit
import Foundation
import Persistence

/// 上年度行政执法数据 (SPEC P3, P7.4; issue 13 item 2): the figures counted from the records, each
/// reporting section's confirmation of its part to the legal section, the report to 市应急管理局, and
/// the yearly-figures publication that meets the duty. The duty itself is raised on 1 January by
/// `raiseYearlyDuty()` (run daily), due on 31 January.
public struct YearlyFiguresService: Sendable {
    /// The figures of a year with who has confirmed which unit's part.
    public struct Overview: Sendable {
        public let figures: YearlyFigures
        /// Units whose current figures are confirmed, with the confirmation.
        public let confirmed: [UUID: YearlyFiguresQueries.Confirmation]
        /// Reporting units (supervision, brigade, accident investigation) whose current figures are not.
        public let awaiting: [YearlyFigures.UnitFigures]
        /// The year's publication duty, once raised.
        public let duty: Obligation?
    }

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// A year that has ended (figures of the current year are not final).
    public func overview(_ year: Int) async throws -> Overview {
        guard year >= 2000, year < context.clock.today.year else {
            throw ServiceRefusal.invalid("year-not-ended", "\(year)年度尚未结束或不在范围内，没有年度数据。", errors: ["year": "应为已结束的年度"])
        }
        let queries = YearlyFiguresQueries(database: context.database)
        let figures = try await queries.figures(year)
        var confirmed: [UUID: YearlyFiguresQueries.Confirmation] = [:]
        for confirmation in try await queries.confirmations(year) {
            if let unit = figures.units.first(where: { $0.unitID == confirmation.unitID }), unit.sha256 == confirmation.figuresSHA256 {
                confirmed[unit.unitID] = confirmation
            }
        }
        let awaiting = figures.units.filter { YearlyFigures.reportingKinds.contains($0.unitKind) && confirmed[$0.unitID] == nil }
        let duty = try await ObligationQueries(database: context.database).all(subject: .yearlyFigures(year: year)).first
        return Overview(figures: figures, confirmed: confirmed, awaiting: awaiting, duty: duty)
    }

    /// `staff` confirms their unit's part as it is counted now (SPEC P3: the supervision section and the
    /// brigade report their figures to the legal section).
    public func confirm(_ year: Int, by staff: StaffMember) async throws -> Overview {
        let overview = try await overview(year)
        guard let unitID = staff.unitID, let unit = overview.figures.units.first(where: { $0.unitID == unitID }),
              YearlyFigures.reportingKinds.contains(unit.unitKind) else {
            throw ServiceRefusal.invalid("not-a-reporting-unit", "只有安全生产监督管理科、执法大队和事故调查部门确认本单位的年度数据。")
        }
        guard overview.confirmed[unitID] == nil else { return overview }
        try await YearlyFiguresQueries(database: context.database)
            .confirm(year: year, unit: unit, by: staff.id, ledger: context.ledger, at: context.clock.nowSeconds)
        return try await self.overview(year)
    }

    /// The yearly-figures publication drafted from the figures, linked to the year's duty so that
    /// publishing it meets the duty. Refused until every reporting unit has confirmed its part.
    public func draftPublication(_ year: Int, by staff: StaffMember) async throws -> Publication {
        let overview = try await overview(year)
        guard overview.awaiting.isEmpty else {
            let names = overview.awaiting.map(\.unitName).joined(separator: "、")
            throw ServiceRefusal(.conflict, type: "figures-not-confirmed", detail: "以下单位尚未确认本单位的年度数据：\(names)。")
        }
        guard let duty = try await raiseYearlyDuty(for: year) ?? overview.duty else {
            throw ServiceRefusal.invalid("no-responsible-person", "法制宣传科尚无执法人员，无法确定年度数据公开的责任人。")
        }
        if let publicationID = try await ObligationQueries(database: context.database).linkedPublication(duty.id) {
            throw ServiceRefusal(
                .conflict, type: "figures-already-drafted", detail: "\(year)年度数据已起草公示信息（\(publicationID.uuidString.lowercased())）。")
        }
        let content = PublicationService.ContentInput(
            title: "\(year)年度行政执法数据", fields: overview.figures.publicationFields(),
            legalBasis: "《上海市普陀区应急管理行政执法公示办法》第七条", unitID: duty.responsibility.unitID, personID: duty.responsibility.personID)
        return try await PublicationService(context).draft(
            kind: .yearlyFigures, content: content, sourceCaseID: nil, sourceActivityID: nil,
            duties: .given(linking: [duty], creating: []), by: staff)
    }

    /// Raises the duty to publish `year`'s figures (the previous year's, by default) when it has not
    /// been raised: it arises on 1 January and is due on 31 January (SPEC P7.4). It rests on the legal
    /// section (SPEC P3) and its first officer by name. Returns the duty created, or nil when it
    /// existed or nobody in the legal section can answer for it. Run daily; idempotent.
    @discardableResult
    public func raiseYearlyDuty(for year: Int? = nil) async throws -> Obligation? {
        let year = year ?? context.clock.today.year - 1
        guard year < context.clock.today.year else { return nil }
        let rules = context.obligationRules
        let db = context.database
        guard let legal = try await UnitModel.query(on: db).filter(\.$kind == UnitKind.legalAndPublicity.rawValue).sort(\.$name).first(),
              let person = try await OfficerModel.query(on: db).filter(\.$unit.$id == legal.requireID()).sort(\.$name).first() else {
            return nil
        }
        let responsibility = Responsibility(
            unitID: try legal.requireID(), unitName: legal.name, personID: try person.requireID(), personName: person.name)
        let obligations = rules.obligations(for: .yearEnded(year: year, responsibility: responsibility))
        guard let duty = obligations.first,
              try await ObligationQueries(database: db).holding(key: duty.uniquenessKey) == nil else { return nil }
        do {
            try await PublicationStore(ledger: context.ledger).create(obligations: obligations, at: context.clock.nowSeconds)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return nil  // another server raised it a moment ago
        }
        return duty
    }
}
