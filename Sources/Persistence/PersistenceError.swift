/// Errors of the storage layer; rules are decided in Domain, not here.
public enum PersistenceError: Error, CustomStringConvertible, Equatable {
    case corruptRow(table: String, detail: String)
    case notFound(String)

    public var description: String {
        switch self {
        case .corruptRow(let table, let detail): "corrupt row in \(table): \(detail)"
        case .notFound(let what): "not found: \(what)"
        }
    }
}
