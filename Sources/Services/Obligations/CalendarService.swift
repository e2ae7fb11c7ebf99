import Domain
import FluentKit
import Foundation
import Persistence

/// Holiday years taken in by the running server (issue 13 item 3; SPEC X1): an arrangement that is
/// new or changed goes on the ledger once (`calendar.imported`), and every stored duty it can move is
/// counted again — an estimate becomes exact, an exact day may move (a worked Sunday moves a due day
/// earlier) — each change an `obligation.rescheduled` event. `context.calendar` is the new calendar.
public struct CalendarService: Sendable {
    /// What taking arrangements in did.
    public struct Outcome: Sendable, Hashable {
        /// Years recorded on the ledger now (new or changed arrangements).
        public var recordedYears: [Int] = []
        /// Duties whose due day changed.
        public var rescheduled: [Obligation] = []
    }

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// Records each of `arrangements` not yet recorded and counts again the duties they can move.
    public func takeIn(_ arrangements: [HolidayArrangement], by userID: UUID?) async throws -> Outcome {
        let imports = CalendarImportStore(ledger: context.ledger)
        var outcome = Outcome()
        for arrangement in arrangements.sorted(by: { $0.year < $1.year }) {
            guard try await !imports.isRecorded(arrangement, on: context.database) else { continue }
            do {
                try await imports.record(arrangement, by: userID, at: context.clock.nowSeconds)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue  // another server recorded it a moment ago
            }
            outcome.recordedYears.append(arrangement.year)
        }
        for year in outcome.recordedYears {
            outcome.rescheduled += try await recount(year: year)
        }
        return outcome
    }

    /// Counts again, on this calendar, every duty a change to `year` can move: those triggered from
    /// 1 October of the year before (20 working days and a long holiday reach into `year`) to the
    /// end of `year`, met or not (a met duty's due day decides whether it was late).
    func recount(year: Int) async throws -> [Obligation] {
        guard let from = CivilDate(year: year - 1, month: 10, day: 1), let to = CivilDate(year: year, month: 12, day: 31) else { return [] }
        let rules = context.obligationRules
        let reason = "导入\(year)年节假日安排"
        let changes = try await ObligationQueries(database: context.database).triggered(from: from, to: to)
            .compactMap { stored -> ObligationStore.Reschedule? in
                let counted = rules.refreshed(stored)
                return counted.due == stored.due ? nil : ObligationStore.Reschedule(counted, reason: reason)
            }
        try await ObligationStore(ledger: context.ledger).reschedule(changes, at: context.clock.nowSeconds)
        return changes.map(\.obligation)
    }
}
