import Foundation

/// Counts of compliance findings over many activities, for the supervisor's report (SPEC R12, R14):
/// by responsible unit, by officer, by finding kind and by enforcement kind.
///
/// Attribution: a finding about one officer (`officerID` set, e.g. a certificate not shown) counts
/// for that officer only; any other finding counts for every officer of the activity, since they
/// carried out the act together. Every finding counts once for the activity's unit.
public struct ComplianceReport: Hashable, Sendable, Codable {
    /// One activity and its findings, with the unit responsible for it (its case's unit).
    public struct Entry: Hashable, Sendable, Codable {
        public var activityID: UUID
        public var enforcementKind: EnforcementKind
        public var unitID: UUID
        public var officerIDs: [UUID]
        public var findings: [ComplianceFinding]

        public init(
            activityID: UUID, enforcementKind: EnforcementKind, unitID: UUID, officerIDs: [UUID],
            findings: [ComplianceFinding]
        ) {
            self.activityID = activityID
            self.enforcementKind = enforcementKind
            self.unitID = unitID
            self.officerIDs = officerIDs
            self.findings = findings
        }

        public init(activity: Activity, unitID: UUID, findings: [ComplianceFinding]) {
            self.init(
                activityID: activity.id, enforcementKind: activity.kind, unitID: unitID,
                officerIDs: activity.officerIDs, findings: findings)
        }
    }

    /// The counts for one group (a unit, an officer, an enforcement kind, or everything).
    public struct Tally: Hashable, Sendable, Codable {
        /// Activities in the group.
        public var activities: Int = 0
        /// Activities with at least one finding attributed to the group.
        public var activitiesWithFindings: Int = 0
        public var findings: Int = 0
        public var byKind: [ComplianceFinding.Kind: Int] = [:]

        public init() {}

        public func count(_ kind: ComplianceFinding.Kind) -> Int { byKind[kind, default: 0] }

        mutating func add(activityFindings: [ComplianceFinding]) {
            activities += 1
            if !activityFindings.isEmpty { activitiesWithFindings += 1 }
            findings += activityFindings.count
            for finding in activityFindings { byKind[finding.kind, default: 0] += 1 }
        }
    }

    public private(set) var overall = Tally()
    public private(set) var byUnit: [UUID: Tally] = [:]
    public private(set) var byOfficer: [UUID: Tally] = [:]
    public private(set) var byEnforcementKind: [EnforcementKind: Tally] = [:]

    /// Finding counts by kind over everything.
    public var byKind: [ComplianceFinding.Kind: Int] { overall.byKind }

    public init(entries: [Entry]) {
        for entry in entries {
            overall.add(activityFindings: entry.findings)
            byUnit[entry.unitID, default: Tally()].add(activityFindings: entry.findings)
            byEnforcementKind[entry.enforcementKind, default: Tally()].add(activityFindings: entry.findings)
            var seen: Set<UUID> = []
            for officerID in entry.officerIDs where seen.insert(officerID).inserted {
                let theirs = entry.findings.filter { $0.officerID == nil || $0.officerID == officerID }
                byOfficer[officerID, default: Tally()].add(activityFindings: theirs)
            }
        }
    }

    /// Units, most findings first (ties by id), for a ranked table.
    public var rankedUnits: [(id: UUID, tally: Tally)] { Self.ranked(byUnit) }

    /// Officers, most findings first (ties by id).
    public var rankedOfficers: [(id: UUID, tally: Tally)] { Self.ranked(byOfficer) }

    static func ranked(_ tallies: [UUID: Tally]) -> [(id: UUID, tally: Tally)] {
        tallies.map { (id: $0.key, tally: $0.value) }.sorted {
            ($1.tally.findings, $0.id.uuidString) < ($0.tally.findings, $1.id.uuidString)
        }
    }
}
