import Foundation

/// A 双随机、一公开 plan (SPEC P7.3; issue 15 item 1): one published 随机抽查事项, the counterparties
/// that may be inspected, the certified officers who may inspect, how many to draw, who may not
/// inspect whom, and the parties whose secrets make the randomness. `specification()` turns it into
/// the committed draw: objects by USCC (public), officers by id with name and certificate number
/// (public under P5), two officers per drawn object.
public struct InspectionPlan: Sendable {
    public struct Relation: Hashable, Sendable {
        public var officerID: UUID
        public var counterpartyID: UUID

        public init(officerID: UUID, counterpartyID: UUID) {
            self.officerID = officerID
            self.counterpartyID = counterpartyID
        }
    }

    public static let objectsPool = "objects"
    public static let officersPool = "officers"
    /// Two officers per inspection (行政处罚法 第四十二条; SPEC P6).
    public static let officersPerInspection = 2

    public var itemPublicationID: UUID
    public var itemTitle: String
    public var unitID: UUID
    public var drawnOn: CivilDate
    public var objects: [Counterparty]
    public var officers: [Officer]
    public var relations: [Relation]
    public var size: DrawSize
    public var parties: [DrawPartyCommitment]
    public var publicValueSource: String?

    public init(
        itemPublicationID: UUID, itemTitle: String, unitID: UUID, drawnOn: CivilDate, objects: [Counterparty],
        officers: [Officer], relations: [Relation], size: DrawSize, parties: [DrawPartyCommitment], publicValueSource: String?
    ) {
        self.itemPublicationID = itemPublicationID
        self.itemTitle = itemTitle
        self.unitID = unitID
        self.drawnOn = drawnOn
        self.objects = objects
        self.officers = officers
        self.relations = relations
        self.size = size
        self.parties = parties
        self.publicValueSource = publicValueSource
    }

    /// The officers who may be drawn: those holding a certificate valid on the draw day (P6).
    public var certifiedOfficers: [Officer] { officers.filter { $0.validCertificate(on: drawnOn) != nil } }

    /// The draw to commit. Refuses an empty pool, a share over 100 %, fewer than two eligible
    /// officers for any object (after recusal), a natural person or a bad USCC in the object pool.
    public func specification() throws(DrawError) -> DrawSpecification {
        var objectEntries: [DrawPoolEntry] = []
        for object in objects {
            guard object.kind == .legalPerson, let code = try? UnifiedSocialCreditCode(object.identifier) else {
                throw .entryKeyInvalid(pool: Self.objectsPool)
            }
            objectEntries.append(DrawPoolEntry(key: code.value, label: object.name))
        }
        if objectEntries.isEmpty { throw .poolEmpty(Self.objectsPool) }
        let certified = certifiedOfficers
        let officerEntries = certified.map { officer in
            let number = officer.validCertificate(on: drawnOn)?.number ?? ""
            return DrawPoolEntry(key: officer.id.uuidString.lowercased(), label: "\(officer.name)（执法证号 \(number)）")
        }
        if officerEntries.isEmpty { throw .poolEmpty(Self.officersPool) }
        let count = try size.count(of: objectEntries.count, pool: Self.objectsPool)
        let codes = Dictionary(objects.map { ($0.id, $0.identifier) }, uniquingKeysWith: { first, _ in first })
        let certifiedIDs = Set(certified.map(\.id))
        let exclusions = relations.compactMap { relation -> DrawExclusion? in
            guard certifiedIDs.contains(relation.officerID), let code = codes[relation.counterpartyID] else { return nil }
            return DrawExclusion(entry: relation.officerID.uuidString.lowercased(), target: code)
        }
        let specification = DrawSpecification(
            purpose: .randomInspection, title: "“双随机、一公开”抽查：\(itemTitle.replacingOccurrences(of: "“双随机、一公开”抽查事项：", with: ""))",
            pools: [
                DrawPool(name: Self.objectsPool, entries: objectEntries, count: count),
                DrawPool(name: Self.officersPool, entries: officerEntries, count: 0),
            ],
            assignments: [DrawAssignment(
                pool: Self.officersPool, to: Self.objectsPool, each: Self.officersPerInspection, exclusions: exclusions)],
            parties: parties, publicValueSource: publicValueSource,
            context: [
                "itemPublicationId": itemPublicationID.uuidString.lowercased(),
                "unitId": unitID.uuidString.lowercased(),
                "drawnOn": drawnOn.description,
            ])
        try specification.validate()
        return specification
    }
}

/// The conclusion of a drawn inspection, from which the P7.3 publication duty counts.
public enum InspectionOutcome: String, CaseIterable, Codable, Sendable {
    case noProblem = "no-problem"
    case rectificationOrdered = "rectification-ordered"
    case caseFiled = "case-filed"
    case notInspectable = "not-inspectable"

    public var chineseName: String {
        switch self {
        case .noProblem: "未发现问题"
        case .rectificationOrdered: "发现问题，已责令限期整改"
        case .caseFiled: "发现违法行为，已立案查处"
        case .notInspectable: "无法检查（停业、关闭或查无下落）"
        }
    }
}
