import Domain
import Foundation
import Vapor

/// One category's duration as the staff form and the API send it (issue 13 item 4): `type` is
/// `months` (with `maximum` and an optional `minimum`, in months), `until-validity-ends`,
/// `until-withdrawn` or `not-listed` (原则上不予公示).
struct PublicityDurationDTO: Content, Equatable {
    var type: String
    var minimum: Int?
    var maximum: Int?

    init(type: String, minimum: Int? = nil, maximum: Int? = nil) {
        self.type = type
        self.minimum = minimum
        self.maximum = maximum
    }

    init(_ duration: PublicityDuration) {
        switch duration {
        case .months(let minimum, let maximum): self.init(type: "months", minimum: minimum, maximum: maximum)
        case .untilValidityEnds: self.init(type: "until-validity-ends")
        case .untilWithdrawn: self.init(type: "until-withdrawn")
        case .notListed: self.init(type: "not-listed")
        }
    }

    /// The duration, or a Chinese sentence saying why it cannot be read.
    func duration() -> Result<PublicityDuration, PublicityDurationDTO.Unreadable> {
        switch type {
        case "months":
            guard let maximum else { return .failure(Unreadable(message: "按月计的期限应填写最长公示期（月）")) }
            return .success(.months(minimum: minimum, maximum: maximum))
        case "until-validity-ends": return .success(.untilValidityEnds)
        case "until-withdrawn": return .success(.untilWithdrawn)
        case "not-listed": return .success(.notListed)
        default: return .failure(Unreadable(message: "未知的期限类型"))
        }
    }

    struct Unreadable: Error {
        let message: String
    }
}

/// A policy version as the API returns it.
struct PublicityPolicyVersionDTO: Content {
    let id: UUID?
    /// Nil for the start-up default (no stored version in force).
    let effectiveFrom: String?
    let reason: String?
    let changedBy: UUID?
    let changedAt: Date?
    let durations: [String: PublicityDurationDTO]

    init(_ version: PublicityPolicyVersion) {
        id = version.id
        effectiveFrom = version.effectiveFrom.description
        reason = version.reason
        changedBy = version.changedBy
        changedAt = version.changedAt
        durations = Self.durations(version.policy)
    }

    init(fallback policy: PublicityPeriodPolicy) {
        id = nil
        effectiveFrom = nil
        reason = nil
        changedBy = nil
        changedAt = nil
        durations = Self.durations(policy)
    }

    static func durations(_ policy: PublicityPeriodPolicy) -> [String: PublicityDurationDTO] {
        Dictionary(uniqueKeysWithValues: PublicityCategory.allCases.map { ($0.rawValue, PublicityDurationDTO(policy.duration(for: $0))) })
    }
}

enum PublicityPolicyInput {
    /// The durations from the DTOs, or the per-field errors (keyed by category slug).
    static func durations(_ dtos: [String: PublicityDurationDTO]) -> Result<[PublicityCategory: PublicityDuration], FieldErrors> {
        var durations: [PublicityCategory: PublicityDuration] = [:]
        var errors: [String: String] = [:]
        for (slug, dto) in dtos {
            guard let category = PublicityCategory(rawValue: slug) else {
                errors[slug] = "未知的公示类别"
                continue
            }
            switch dto.duration() {
            case .success(let duration): durations[category] = duration
            case .failure(let problem): errors[slug] = problem.message
            }
        }
        return errors.isEmpty ? .success(durations) : .failure(FieldErrors(errors: errors))
    }

    struct FieldErrors: Error {
        let errors: [String: String]
    }
}
