import Domain
import FluentKit
import Foundation
import SQLKit

/// Reads what weak-spot statistics count (SPEC R12; issue 15 item 4) with set-based queries: a
/// handful of statements per period (ids are sent in chunks of `chunkSize`), never one per activity
/// or per publication.
public struct WeakSpotQueries: Sendable {
    /// One activity of the period with everything `ComplianceCheck` needs.
    public struct ActivityFacts: Sendable {
        public let activity: Activity
        public let enforcementCase: EnforcementCase?
        public let officers: [Officer]
        public let evidence: ActivityEvidence
    }

    /// A correction request, correction or withdrawal with the publication's responsibility.
    public struct PublicationChangeRow: Sendable, Hashable {
        public let on: CivilDate
        public let change: WeakSpotFacts.PublicationChange.Change
        public let unitID: UUID?
        public let personID: UUID?
        public let caseID: UUID?
    }

    /// Ids per `IN (…)` list: far below SQLite's and PostgreSQL's bind limits.
    public static let chunkSize = 500

    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database) {
        self.database = database
    }

    /// The activities that started in `from…to` (Asia/Shanghai days, inclusive) with their cases,
    /// officers and evidence: seven statements per chunk of activities, whatever their number.
    public func activities(from: CivilDate, to: CivilDate) async throws -> [ActivityFacts] {
        let rows = try await ActivityModel.query(on: database)
            .filter(\.$startedAt >= from.startInstant()).filter(\.$startedAt < to.adding(days: 1).startInstant())
            .sort(\.$startedAt).all()
        var facts: [ActivityFacts] = []
        for chunk in Self.chunks(try rows.map { try $0.domain() }) {
            facts += try await self.facts(chunk)
        }
        return facts
    }

    private func facts(_ activities: [Activity]) async throws -> [ActivityFacts] {
        let ids = activities.map(\.id)
        let cases = try await self.cases(Set(activities.map(\.caseID)))
        let officerIDs = Array(Set(activities.flatMap(\.officerIDs)))
        let officerRows = officerIDs.isEmpty ? [] : try await OfficerModel.query(on: database).filter(\.$id ~~ officerIDs)
            .with(\.$certificates).all()
        let officers = Dictionary(uniqueKeysWithValues: try officerRows.map { row in (try row.requireID(), try row.domain()) })
        let records = try await RecordModel.query(on: database).filter(\.$activityID ~~ ids).all().map { try $0.domain() }
        let superseded = Set(records.compactMap(\.supersedes))
        let current = Dictionary(grouping: records.filter { !superseded.contains($0.id) }, by: \.activityID)
        // The latest version of every session.
        let sessionRows = try await RecordingSessionModel.query(on: database).filter(\.$activityID ~~ ids)
            .sort(\.$version, .descending).all()
        var seen = Set<UUID>()
        var sessions: [UUID: [RecordingSession]] = [:]
        for row in sessionRows where seen.insert(row.sessionID).inserted {
            sessions[row.activityID, default: []].append(try row.domain())
        }
        let deviceIDs = Set(records.compactMap(\.deviceID))
        let custody = try await ActivityQueries(database: database).deviceCustody(deviceIDs)
        return activities.map { activity in
            let evidence = ActivityQueries.evidence(
                records: current[activity.id] ?? [], sessions: sessions[activity.id] ?? [], custody: custody,
                caseFiledOn: cases[activity.caseID]?.filedOn)
            return ActivityFacts(
                activity: activity, enforcementCase: cases[activity.caseID],
                officers: activity.officerIDs.compactMap { officers[$0] }, evidence: evidence)
        }
    }

    /// Cases by id.
    public func cases(_ ids: Set<UUID>) async throws -> [UUID: EnforcementCase] {
        var cases: [UUID: EnforcementCase] = [:]
        for chunk in Self.chunks(Array(ids)) {
            for row in try await CaseModel.query(on: database).filter(\.$id ~~ chunk).all() {
                let domain = try row.domain()
                cases[domain.id] = domain
            }
        }
        return cases
    }

    /// The case of each decision record (the first version's id, which decision duties name).
    public func caseOfRecords(_ ids: Set<UUID>) async throws -> [UUID: UUID] {
        var result: [UUID: UUID] = [:]
        for chunk in Self.chunks(Array(ids)) {
            for row in try await RecordModel.query(on: database).filter(\.$id ~~ chunk).field(\.$id).field(\.$caseID).all() {
                result[try row.requireID()] = row.caseID
            }
        }
        return result
    }

    /// Officers' names by id (unknown ids are absent).
    public func officerNames(_ ids: Set<UUID>) async throws -> [UUID: String] {
        var names: [UUID: String] = [:]
        for chunk in Self.chunks(Array(ids)) {
            for row in try await OfficerModel.query(on: database).filter(\.$id ~~ chunk).all() {
                names[try row.requireID()] = row.name
            }
        }
        return names
    }

    /// Correction requests received in the period (SPEC P9.2), and publications corrected (P9.1) or
    /// withdrawn (P9.3) in it, each with the publication's responsible unit, person and source case.
    /// A request about no publication counts for the unit and person its answering duty names.
    public func publicationChanges(from: CivilDate, to: CivilDate) async throws -> [PublicationChangeRow] {
        let start = from.startInstant().unixMilliseconds, end = to.adding(days: 1).startInstant().unixMilliseconds
        let requests = try await sql.raw("""
            SELECT r.received_at AS at, COALESCE(p.responsible_unit_id, o.unit_id) AS unit_id,
                   COALESCE(p.responsible_person_id, o.person_id) AS person_id, p.source_case_id AS case_id
            FROM correction_requests r
            LEFT JOIN publications p ON p.id = r.publication_id
            LEFT JOIN obligations o ON o.id = r.obligation_id
            WHERE r.received_at >= \(bind: start) AND r.received_at < \(bind: end)
            """).all().map { try Self.change($0, .correctionRequest) }
        let steps = try await sql.raw("""
            SELECT t.kind, t.at, p.responsible_unit_id AS unit_id, p.responsible_person_id AS person_id, p.source_case_id AS case_id
            FROM publication_transitions t JOIN publications p ON p.id = t.publication_id
            WHERE t.kind IN (\(bind: PublicationTransition.Kind.corrected.rawValue), \(bind: PublicationTransition.Kind.withdrawn.rawValue))
              AND t.at >= \(bind: start) AND t.at < \(bind: end)
            """).all().map { row in
                let kind = try row.decode(column: "kind", as: String.self)
                return try Self.change(row, kind == PublicationTransition.Kind.withdrawn.rawValue ? .withdrawal : .correction)
            }
        return requests + steps
    }

    private static func change(_ row: any SQLRow, _ change: WeakSpotFacts.PublicationChange.Change) throws -> PublicationChangeRow {
        let at = Date(unixMilliseconds: try row.decode(column: "at", as: Int64.self))
        func id(_ column: String) throws -> UUID? { try row.decode(column: column, as: String?.self).flatMap(UUID.init(uuidString:)) }
        return PublicationChangeRow(
            on: CivilDate(at), change: change, unitID: try id("unit_id"), personID: try id("person_id"), caseID: try id("case_id"))
    }

    /// The source case of each publication.
    public func sourceCases(publications ids: Set<UUID>) async throws -> [UUID: UUID] {
        var result: [UUID: UUID] = [:]
        for chunk in Self.chunks(Array(ids)) {
            let list = SQLList(chunk.map { SQLBind($0.uuidString.lowercased()) })
            for row in try await sql.raw("SELECT id, source_case_id FROM publications WHERE id IN (\(list)) AND source_case_id IS NOT NULL").all() {
                if let id = UUID(uuidString: try row.decode(column: "id", as: String.self)),
                   let caseID = try row.decode(column: "source_case_id", as: String?.self).flatMap(UUID.init(uuidString:)) {
                    result[id] = caseID
                }
            }
        }
        return result
    }

    static func chunks<T>(_ items: [T]) -> [[T]] {
        stride(from: 0, to: items.count, by: chunkSize).map { Array(items[$0..<min($0 + chunkSize, items.count)]) }
    }
}
