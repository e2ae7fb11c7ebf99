/// A `LIKE` pattern matching rows that contain what a person typed. Fluent's `.custom("LIKE")`
/// takes no `ESCAPE` clause, so the wildcards `%` and `_` are removed rather than escaped: typed,
/// they would match anything.
public enum LikePattern {
    public static func containing(_ text: String) -> String {
        "%" + text.filter { $0 != "%" && $0 != "_" } + "%"
    }
}
