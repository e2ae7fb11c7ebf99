import Foundation

/// Checks the resident ID numbers typed into a publication's ID-number fields while they are still
/// in clear (issue 12 item 3; SPEC X4: "validated with their check characters").
///
/// A stored version keeps the number masked (`IdentityNumberRedaction`), so the check that the
/// 双公示 validation used to make at submission can only be made when the number is typed: drafting
/// or revising with a wrong number is refused then, with the same sentence. A masked number (sent
/// back by a form that showed it) was checked when it was first typed or registered.
public enum PublicationIdentityCheck {
    /// Field key → Chinese sentence for each ID-number field whose number is not valid.
    public static func problems(_ fields: [String: String], today: CivilDate) -> [String: String] {
        var problems: [String: String] = [:]
        for field in (DoublePublicityFields.penalty.fields + DoublePublicityFields.licensing.fields) {
            guard case .identityNumber(let typeKey) = field.kind, problems[field.key] == nil else { continue }
            let value = DoublePublicityFields.trimmed(fields[field.key])
            guard !value.isEmpty, DoublePublicityFields.trimmed(fields[typeKey]) == "身份证",
                  !IdentityNumberRedaction.isMaskedIdentityNumber(value) else { continue }
            do {
                _ = try ResidentIdentityNumber(IdentityNumberScanner.fold(value), today: today)
            } catch {
                problems[field.key] = "“\(field.label)”不是有效的居民身份证号：\(error.description)"
            }
        }
        return problems
    }
}
