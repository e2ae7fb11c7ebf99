import Foundation

/// What an obligation is about (SPEC X2): the decision to publish, the publication to update or take
/// down, the correction request to answer, or the year whose figures are due.
public enum ObligationSubject: Hashable, Sendable, Codable {
    case decision(UUID)
    case publication(UUID)
    case correctionRequest(UUID)
    case yearlyFigures(year: Int)
    /// A 双随机 inspection (`drawn_inspections`), whose result is to be published (SPEC P7.3).
    case drawnInspection(UUID)

    /// A stable text form for storage and exports: `decision:<uuid>`, `yearly-figures:2025` ….
    public var reference: String {
        switch self {
        case .decision(let id): "decision:\(id.uuidString.lowercased())"
        case .publication(let id): "publication:\(id.uuidString.lowercased())"
        case .correctionRequest(let id): "correction-request:\(id.uuidString.lowercased())"
        case .yearlyFigures(let year): "yearly-figures:\(year)"
        case .drawnInspection(let id): "drawn-inspection:\(id.uuidString.lowercased())"
        }
    }
}
