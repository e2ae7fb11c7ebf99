import Foundation
import Ledger

/// One version of the publicity-period policy as the legal section set it (issue 13 item 4; SPEC
/// P7.5, X3): every category's duration, the day it takes effect, who set it, when and why. Versions
/// are never changed: a change is a new version with a later or equal effective date, stored
/// append-only with a `publicity-policy.changed` ledger event.
public struct PublicityPolicyVersion: Hashable, Sendable, Codable, Identifiable {
    public let id: UUID
    /// The first day (Asia/Shanghai) publications are given periods under this version.
    public let effectiveFrom: CivilDate
    public let policy: PublicityPeriodPolicy
    public let changedBy: UUID
    public let changedAt: Date
    /// Why it changed (a new national or municipal rule, a decision of the bureau): shown on the page.
    public let reason: String

    public init(
        id: UUID = UUID(), effectiveFrom: CivilDate, policy: PublicityPeriodPolicy, changedBy: UUID, changedAt: Date, reason: String
    ) {
        self.id = id
        self.effectiveFrom = effectiveFrom
        self.policy = policy
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.reason = reason
    }
}

/// Which policy is in force on which day (issue 13 item 4): the latest stored version whose effective
/// date is on or before the day — "latest" by effective date, then by when it was set, so a second
/// change for the same day replaces the first — else `fallback` (the national defaults with
/// `LAWTRAIL_PUBLICITY_PERIODS` applied at start-up).
public struct PublicityPolicySchedule: Hashable, Sendable {
    public let versions: [PublicityPolicyVersion]
    public let fallback: PublicityPeriodPolicy

    public init(versions: [PublicityPolicyVersion], fallback: PublicityPeriodPolicy) {
        self.versions = versions.sorted { ($0.effectiveFrom, $0.changedAt) < ($1.effectiveFrom, $1.changedAt) }
        self.fallback = fallback
    }

    /// The version in force on `day`; nil when none is (the fallback applies).
    public func version(on day: CivilDate) -> PublicityPolicyVersion? {
        versions.last { $0.effectiveFrom <= day }
    }

    /// The policy in force on `day`.
    public func policy(on day: CivilDate) -> PublicityPeriodPolicy {
        version(on: day)?.policy ?? fallback
    }

    /// A new version set by `changedBy` at `at`, checked: every duration as `PublicityPeriodPolicy`
    /// checks it, a reason given, and an effective date not before today — a change never reaches
    /// back, so the schedule always says truthfully which policy gave a period already running.
    public static func change(
        durations: [PublicityCategory: PublicityDuration], effectiveFrom: CivilDate, reason: String,
        by changedBy: UUID, at: Date
    ) throws(PublicityPolicyChangeError) -> PublicityPolicyVersion {
        var errors: [String: String] = [:]
        let policy: PublicityPeriodPolicy
        do {
            policy = try PublicityPeriodPolicy(overriding: durations)
        } catch {
            errors[error.category.rawValue] = error.message
            throw PublicityPolicyChangeError(errors: errors)
        }
        if effectiveFrom < CivilDate(at) { errors["effectiveFrom"] = "生效日期不能早于今天" }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { errors["reason"] = "请填写调整理由" } else if reason.count > 500 { errors["reason"] = "调整理由不超过500字" }
        guard errors.isEmpty else { throw PublicityPolicyChangeError(errors: errors) }
        return PublicityPolicyVersion(effectiveFrom: effectiveFrom, policy: policy, changedBy: changedBy, changedAt: at, reason: reason)
    }
}

/// A policy change refused, with one Chinese sentence per field (a category slug, `effectiveFrom`,
/// `reason`).
public struct PublicityPolicyChangeError: Error, Hashable, Sendable {
    public let errors: [String: String]

    public init(errors: [String: String]) {
        self.errors = errors
    }
}

extension PublicityPolicyVersion {
    /// The canonical content whose SHA-256 goes on the ledger (X3): every category's duration, the
    /// effective date, the reason, who and when.
    public var canonicalContent: JSONValue {
        var durations: [String: JSONValue] = [:]
        for category in PublicityCategory.allCases {
            durations[category.rawValue] = switch policy.duration(for: category) {
            case .months(let minimum, let maximum):
                .object([
                    "type": .string("months"), "maximum": .integer(Int64(maximum)),
                    "minimum": minimum.map { .integer(Int64($0)) } ?? .null,
                ])
            case .untilValidityEnds: .object(["type": .string("until-validity-ends")])
            case .untilWithdrawn: .object(["type": .string("until-withdrawn")])
            case .notListed: .object(["type": .string("not-listed")])
            }
        }
        return .object([
            "id": .string(id.uuidString.lowercased()),
            "effectiveFrom": .string(effectiveFrom.description),
            "durations": .object(durations),
            "reason": .string(reason),
            "changedBy": .string(changedBy.uuidString.lowercased()),
            "changedAtMs": .integer(Int64((changedAt.timeIntervalSince1970 * 1000).rounded(.down))),
        ])
    }
}
