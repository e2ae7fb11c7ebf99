import Foundation

/// Who answers for an item or a duty: a unit of the bureau and a named person in it
/// (SPEC P2 "谁执法、谁公示、谁负责"; X2 "responsible unit and person").
///
/// Names are kept next to the ids, as they were when the item was made, so that a report to the
/// level above (SPEC P10) reads the same years later, after people have moved or units renamed.
public struct Responsibility: Hashable, Sendable, Codable {
    public var unitID: UUID
    /// e.g. 执法大队.
    public var unitName: String
    public var personID: UUID
    public var personName: String

    public init(unitID: UUID, unitName: String, personID: UUID, personName: String) {
        self.unitID = unitID
        self.unitName = unitName
        self.personID = personID
        self.personName = personName
    }

    /// Whether both names are filled in: a publication that names no one is refused (SPEC P2).
    public var isComplete: Bool {
        !unitName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            && !personName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }
}
