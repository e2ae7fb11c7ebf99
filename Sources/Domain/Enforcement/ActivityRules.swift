import Foundation

/// The rules an activity must meet to be entered at all (SPEC P6, R2).
///
/// SPEC P6: an on-site act needs at least two officers, each holding a certificate valid that day
/// (the Asia/Shanghai date of `startedAt`). An act that breaks this is refused with a reason that
/// names the officer, rather than stored and found later: the record would otherwise show an act
/// the bureau could not lawfully carry out.
public enum ActivityRules {
    /// The minimum number of certified officers at an on-site act (SPEC P6).
    public static let minimumOnSiteOfficers = 2

    /// Refuses the activity with its first problem, in the order of `problems`.
    ///
    /// - Parameter officers: the officers the activity names (others are ignored); an id in
    ///   `activity.officerIDs` with no officer here is refused as unknown.
    public static func validate(_ activity: Activity, officers: [Officer]) throws(ActivityError) {
        if let first = problems(activity, officers: officers).first { throw first }
    }

    /// Every problem with the activity, so a form can show them all: times, then situations, then
    /// officers in the order named, then the on-site officer count, then certificates.
    public static func problems(_ activity: Activity, officers: [Officer]) -> [ActivityError] {
        var problems: [ActivityError] = []
        if activity.endedAt < activity.startedAt {
            problems.append(.endBeforeStart(startedAt: activity.startedAt, endedAt: activity.endedAt))
        }
        if activity.situations.contains(where: { situation in
            if case .bureauDefined(let name) = situation {
                return name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            }
            return false
        }) {
            problems.append(.unnamedBureauSituation)
        }

        let byID = Dictionary(officers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var present: [Officer] = []
        var seen: Set<UUID> = []
        for id in activity.officerIDs {
            guard let officer = byID[id] else {
                problems.append(.unknownOfficer(id))
                continue
            }
            guard seen.insert(id).inserted else {
                problems.append(.duplicateOfficer(officerID: id, name: officer.name))
                continue
            }
            present.append(officer)
        }

        if activity.isOnSite {
            if present.count < minimumOnSiteOfficers {
                problems.append(.tooFewOfficersOnSite(names: present.map(\.name)))
            }
            let date = activity.date
            for officer in present where officer.validCertificate(on: date) == nil {
                problems.append(.noValidCertificate(
                    officerID: officer.id, name: officer.name, date: date,
                    problem: certificateProblem(of: officer, on: date)))
            }
        } else if activity.officerIDs.isEmpty {
            problems.append(.noOfficers)
        }
        return problems
    }

    /// Why `officer` has no certificate valid on `date`: the next one to start if there is one (it
    /// tells the officer when they may act again), else the one that ran out last.
    public static func certificateProblem(of officer: Officer, on date: CivilDate) -> ActivityError.CertificateProblem {
        let future = officer.certificates.filter { $0.validFrom > date }.min { $0.validFrom < $1.validFrom }
        if let future { return .notYetValid(number: future.number, validFrom: future.validFrom) }
        let past = officer.certificates.filter { $0.validTo < date }.max { $0.validTo < $1.validTo }
        if let past { return .expired(number: past.number, validTo: past.validTo) }
        return .noneRegistered
    }
}
