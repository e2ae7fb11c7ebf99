import Domain
import FluentKit
import Foundation

/// Reads of draws and 双随机 inspections (issue 15 item 1): for the service's rules, the staff desk
/// and the portal's published draws.
public struct DrawQueries: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// One draw with everything a verifier needs: the committed bytes, the reveals, the run.
    public struct Draw: Sendable {
        public let model: DrawModel
        public let specification: DrawSpecification
        public let reveals: [DrawRevealModel]
        public let result: DrawResultModel?

        public var id: UUID { model.id! }
        public var purpose: DrawPurpose { specification.purpose }
        /// The revealed secrets in the committed party order; nil while any party has not revealed.
        public var secretsInOrder: [String]? {
            let byParty = Dictionary(reveals.map { ($0.party, $0.secret) }, uniquingKeysWith: { first, _ in first })
            let secrets = specification.parties.compactMap { byParty[$0.party] }
            return secrets.count == specification.parties.count ? secrets : nil
        }
    }

    public func draw(_ id: UUID) async throws -> Draw? {
        guard let model = try await DrawModel.find(id, on: database) else { return nil }
        return try await assemble(model)
    }

    func assemble(_ model: DrawModel) async throws -> Draw {
        let specification: DrawSpecification
        do {
            specification = try DrawSpecification.decode(Array(model.specification.utf8))
        } catch {
            throw PersistenceError.corruptRow(table: DrawModel.schema, detail: "\(model.id?.uuidString ?? "?"): \(error)")
        }
        let id = try model.requireID()
        let reveals = try await DrawRevealModel.query(on: database).filter(\.$drawID == id).sort(\.$revealedAt).all()
        let result = try await DrawResultModel.query(on: database).filter(\.$drawID == id).first()
        return Draw(model: model, specification: specification, reveals: reveals, result: result)
    }

    /// Draws newest first, optionally of one purpose and whose title contains `search`; with the total.
    public func draws(purpose: DrawPurpose?, search: String?, completedOnly: Bool = false, offset: Int, limit: Int) async throws -> (items: [DrawModel], total: Int) {
        let query = DrawModel.query(on: database)
        if let purpose { query.filter(\.$purpose == purpose.rawValue) }
        if let search, !search.isEmpty { query.filter(\.$title, .custom("LIKE"), LikePattern.containing(search)) }
        if completedOnly {
            query.join(DrawResultModel.self, on: \DrawModel.$id == \DrawResultModel.$drawID)
        }
        let total = try await query.count()
        let items = try await query.sort(\.$committedAt, .descending).sort(\.$id).range(offset..<(offset + limit)).all()
        return (items, total)
    }

    /// Which of `ids` have a result.
    public func completed(_ ids: [UUID]) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        return Set(try await DrawResultModel.query(on: database).filter(\.$drawID ~~ ids).all().map(\.drawID))
    }

    // MARK: Recusal and inspections

    public func relations() async throws -> [InspectionPlan.Relation] {
        try await OfficerRelationModel.query(on: database).all()
            .map { InspectionPlan.Relation(officerID: $0.officerID, counterpartyID: $0.counterpartyID) }
    }

    public func relations(officerID: UUID) async throws -> [OfficerRelationModel] {
        try await OfficerRelationModel.query(on: database).filter(\.$officerID == officerID).sort(\.$declaredAt).all()
    }

    public func recentRelations(limit: Int) async throws -> [OfficerRelationModel] {
        try await OfficerRelationModel.query(on: database).sort(\.$declaredAt, .descending).limit(limit).all()
    }

    public struct Inspection: Sendable {
        public let model: DrawnInspectionModel
        public let conclusion: InspectionConclusionModel?
    }

    public func inspections(drawID: UUID) async throws -> [Inspection] {
        let models = try await DrawnInspectionModel.query(on: database).filter(\.$drawID == drawID).all()
        let ids = models.compactMap(\.id)
        let conclusions = ids.isEmpty ? [] : try await InspectionConclusionModel.query(on: database).filter(\.$inspectionID ~~ ids).all()
        let byInspection = Dictionary(conclusions.map { ($0.inspectionID, $0) }, uniquingKeysWith: { first, _ in first })
        return models.map { Inspection(model: $0, conclusion: byInspection[$0.id!]) }
    }

    public func inspection(_ id: UUID) async throws -> Inspection? {
        guard let model = try await DrawnInspectionModel.find(id, on: database) else { return nil }
        let conclusion = try await InspectionConclusionModel.query(on: database).filter(\.$inspectionID == id).first()
        return Inspection(model: model, conclusion: conclusion)
    }

    public func inspection(caseID: UUID) async throws -> Inspection? {
        guard let model = try await DrawnInspectionModel.query(on: database).filter(\.$caseID == caseID).first() else { return nil }
        let conclusion = try await InspectionConclusionModel.query(on: database).filter(\.$inspectionID == model.id!).first()
        return Inspection(model: model, conclusion: conclusion)
    }
}
