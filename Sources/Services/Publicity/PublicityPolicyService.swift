import Domain
import Foundation
import Persistence

/// The publicity-period policy as the legal section manages it (issue 13 item 4; SPEC P7.5): the
/// stored versions with their effective dates over the start-up default (`ServiceContext.publicityPolicy`,
/// from `LAWTRAIL_PUBLICITY_PERIODS`). Read from the database at each use — approval, publication,
/// the desk's steps — so a change takes effect on its effective date without a restart, on every
/// server.
public struct PublicityPolicyService: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    var store: PublicityPolicyStore { PublicityPolicyStore(database: context.database) }

    /// Every version and the fallback.
    public func schedule() async throws -> PublicityPolicySchedule {
        try await store.schedule(fallback: context.publicityPolicy)
    }

    /// The policy in force on `day` (default: today in Asia/Shanghai).
    public func policy(on day: CivilDate? = nil) async throws -> PublicityPeriodPolicy {
        try await schedule().policy(on: day ?? context.clock.today)
    }

    /// A new version from `effectiveFrom` on, stored with its ledger event. Refusals: `forbidden`
    /// for anyone but the legal section; `invalid-publicity-policy` with one sentence per field.
    @discardableResult
    public func change(
        durations: [PublicityCategory: PublicityDuration], effectiveFrom: CivilDate, reason: String, by staff: StaffMember
    ) async throws -> PublicityPolicyVersion {
        guard staff.may(.managePublicityPolicy) else {
            throw ServiceRefusal(.forbidden, type: "publicity-policy-forbidden", detail: "只有法制宣传科可以调整公示期限。")
        }
        let version: PublicityPolicyVersion
        do {
            version = try PublicityPolicySchedule.change(
                durations: durations, effectiveFrom: effectiveFrom, reason: reason, by: staff.id, at: context.clock.nowSeconds)
        } catch {
            throw ServiceRefusal.invalid("invalid-publicity-policy", "公示期限设置有误。", errors: error.errors)
        }
        try await store.add(version, ledger: context.ledger)
        return version
    }
}
