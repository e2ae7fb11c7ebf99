import Domain
import FluentKit
import Foundation
import Ledger
import SQLKit

/// Reads a year's acts, decisions and cases for `YearlyFigures` (SPEC P7.4; issue 13 item 2), and
/// stores the sections' confirmations of their parts, each with its `yearly_figures.confirmed` event.
public struct YearlyFiguresQueries: Sendable {
    /// One unit's confirmation of the figures whose digest it names.
    public struct Confirmation: Sendable, Hashable {
        public let unitID: UUID
        public let figuresSHA256: String
        public let confirmedBy: UUID
        public let confirmedAt: Date
    }

    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database) {
        self.database = database
    }

    /// The figures of `year`, counted from the records.
    public func figures(_ year: Int) async throws -> YearlyFigures {
        guard let first = CivilDate(year: year, month: 1, day: 1), let next = CivilDate(year: year + 1, month: 1, day: 1) else {
            throw PersistenceError.notFound("year \(year)")
        }
        let units = try await UnitModel.query(on: database).all().map { try $0.domain() }
        let cases = try await CaseModel.query(on: database).all()
        let unitOfCase = Dictionary(uniqueKeysWithValues: try cases.map { (try $0.requireID(), $0.unitID) })
        let acts = try await ActivityModel.query(on: database)
            .filter(\.$startedAt >= first.startInstant()).filter(\.$startedAt < next.startInstant()).all()
            .compactMap { activity -> YearlyFigures.Act? in
                guard let unitID = unitOfCase[activity.caseID], let kind = EnforcementKind(rawValue: activity.kind) else { return nil }
                return YearlyFigures.Act(unitID: unitID, kind: kind, date: CivilDate(activity.startedAt))
            }
        let decisionTemplates = EnforcementKind.allCases.compactMap { DecisionDocument.template(for: $0)?.id }
        let records = try await RecordModel.query(on: database).filter(\.$templateID ~~ decisionTemplates).all().map { try $0.domain() }
        let corrected = Set(records.compactMap(\.supersedes))
        let decisions = records.filter { !corrected.contains($0.id) }.compactMap { record -> YearlyFigures.Decision? in
            guard let kind = DecisionDocument.enforcementKind(templateID: record.templateID),
                  let date = DecisionDocument.decisionDate(record.documentValues), let unitID = unitOfCase[record.caseID] else { return nil }
            let fine = record.documentValues?["fineAmount"].flatMap { Decimal(string: $0.trimmingCharacters(in: .whitespaces)) }
            return YearlyFigures.Decision(unitID: unitID, kind: kind, date: date, fineYuan: fine)
        }
        let accidentUnits = Set(units.filter { $0.kind == .accidentInvestigation }.map(\.id))
        let accidents = cases.filter { accidentUnits.contains($0.unitID) }
            .compactMap { model in CivilDate(iso: model.openedOn).map { (unitID: model.unitID, openedOn: $0) } }
        let results = try await sql.raw("""
            SELECT responsible_unit_id, published_at FROM publications
            WHERE kind = \(bind: PublicationKind.randomInspectionResult.rawValue) AND published_at IS NOT NULL
              AND published_at >= \(bind: first.startInstant().unixMilliseconds) AND published_at < \(bind: next.startInstant().unixMilliseconds)
            """).all().compactMap { row -> (unitID: UUID, publishedOn: CivilDate)? in
                guard let unit = UUID(uuidString: try row.decode(column: "responsible_unit_id", as: String.self)) else { return nil }
                let at = Date(unixMilliseconds: try row.decode(column: "published_at", as: Int64.self))
                return (unit, CivilDate(at))
            }
        return YearlyFigures(
            year: year, units: units, acts: acts, decisions: decisions, accidentCases: accidents, randomInspectionResults: results)
    }

    public func confirmations(_ year: Int) async throws -> [Confirmation] {
        try await sql.raw("""
            SELECT unit_id, figures_sha256, confirmed_by, confirmed_at FROM yearly_figures_confirmations
            WHERE year = \(bind: year) ORDER BY confirmed_at
            """).all().compactMap { row in
                guard let unit = UUID(uuidString: try row.decode(column: "unit_id", as: String.self)),
                      let by = UUID(uuidString: try row.decode(column: "confirmed_by", as: String.self)) else { return nil }
                return Confirmation(
                    unitID: unit, figuresSHA256: try row.decode(column: "figures_sha256", as: String.self), confirmedBy: by,
                    confirmedAt: Date(unixMilliseconds: try row.decode(column: "confirmed_at", as: Int64.self)))
            }
    }

    /// Stores `unit`'s confirmation of its figures with its event. Confirming the same figures again
    /// changes nothing (refused by the primary key; callers check first).
    public func confirm(year: Int, unit: YearlyFigures.UnitFigures, by userID: UUID, ledger: LedgerWriter, at: Date) async throws {
        let digest = unit.sha256
        let event = try LedgerEvent(type: "yearly_figures.confirmed", at: at, fields: [
            "year": .integer(Int64(year)), "unitId": .string(unit.unitID.lowercased), "figuresSha256": .string(digest),
            "userId": .string(userID.lowercased),
        ])
        try await ledger.append([event], indexedWork: { db, first in
            try await (db as! any SQLDatabase).insert(into: "yearly_figures_confirmations")
                .columns("year", "unit_id", "figures_sha256", "confirmed_by", "confirmed_at", "ledger_index")
                .values(
                    SQLBind(year), SQLBind(unit.unitID.lowercased), SQLBind(digest), SQLBind(userID.lowercased),
                    SQLBind(at.unixMilliseconds), SQLBind(Int64(first)))
                .run()
        })
    }
}
