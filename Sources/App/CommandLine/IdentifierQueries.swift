import Domain
import Foundation

/// The logic of `lawtrail id check` (SPEC X4): one verdict line per code.
public enum IdentifierQueries {
    /// `valid: <kind>` or `invalid: <reason>`.
    public static func verdict(for code: Substring, today: CivilDate) -> (line: String, ok: Bool) {
        let text = code.trimmingCharacters(in: .whitespaces)
        switch Identifier.check(text, today: today) {
        case .success(let kind): return ("valid: \(kind.name)", true)
        case .failure(let error): return ("invalid: \(error)", false)
        }
    }
}
