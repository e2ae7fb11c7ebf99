import Domain
import FluentKit
import Foundation
import Persistence

/// 双随机、一公开 (SPEC P7.3; issue 15 item 1): a plan over a published 随机抽查事项 becomes a
/// committed draw; the run opens one inspection case per drawn counterparty with its two drawn
/// officers; the conclusion starts the duty to publish the result within 20 working days, on the
/// portal and the WeChat channel, and the result's draft links back to the draw.
public struct InspectionPlanService: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    var draws: DrawService { DrawService(context: context) }
    var queries: DrawQueries { DrawQueries(database: context.database) }

    /// Which counterparties make the object pool. Only legal persons: 双随机 inspects 生产经营单位,
    /// identified by USCC, which may be published; a natural person's number may not (X4).
    public enum ObjectSelection: Sendable {
        /// Every legal person in the directory.
        case all
        /// Those whose address contains the text (a 街道 or 镇).
        case area(String)
        /// Those whose name contains the text (加油站, 化工 …: the kind of business).
        case keyword(String)
        /// A pasted list of USCCs, one per line or as the first column of a CSV with a header.
        case list(String)
    }

    public struct PlanInput: Sendable {
        public var itemPublicationID: UUID?
        public var unitID: UUID?
        public var selection: ObjectSelection
        /// A number ("5") or a share ("10%").
        public var size: String
        public var parties: [DrawPartyCommitment]
        public var publicValueSource: String?

        public init(
            itemPublicationID: UUID?, unitID: UUID?, selection: ObjectSelection, size: String,
            parties: [DrawPartyCommitment], publicValueSource: String?
        ) {
            self.itemPublicationID = itemPublicationID
            self.unitID = unitID
            self.selection = selection
            self.size = size
            self.parties = parties
            self.publicValueSource = publicValueSource
        }
    }

    /// The most counterparties one draw takes: the published specification stays a few hundred KB.
    public static let maxObjects = 5_000

    /// Commits a plan's draw. Refusals: `forbidden`, `draw-refused` (422, per field).
    public func commit(_ input: PlanInput, by staff: StaffMember) async throws -> UUID {
        try staff.require(.planRandomInspection)
        let db = context.database
        guard let itemID = input.itemPublicationID, let item = try await PublicationQueries(database: db).publication(itemID),
              item.kind == .randomInspectionItem, item.state == .published, let itemVersion = item.publishedVersion else {
            throw ServiceRefusal.invalid("draw-refused", "请选择已公示的随机抽查事项。", errors: ["itemPublicationId": "请选择已公示的随机抽查事项"])
        }
        guard let unitID = input.unitID, try await UnitModel.find(unitID, on: db) != nil else {
            throw ServiceRefusal.invalid("draw-refused", "请选择实施抽查的单位。", errors: ["unitId": "请选择单位"])
        }
        guard let size = Self.size(input.size) else {
            throw ServiceRefusal.invalid("draw-refused", "抽取数量请填写正整数，或百分比（如 10%）。", errors: ["size": "数量或百分比"])
        }
        let objects = try await objects(input.selection)
        // Every officer; the plan keeps those with a certificate valid on the draw day.
        let officers = try await ActivityQueries(database: db).allOfficers()
        let plan = InspectionPlan(
            itemPublicationID: itemID, itemTitle: itemVersion.title, unitID: unitID, drawnOn: context.clock.today,
            objects: objects, officers: officers, relations: try await queries.relations(), size: size,
            parties: input.parties, publicValueSource: Self.trimmed(input.publicValueSource))
        let specification: DrawSpecification
        do throws(DrawError) {
            specification = try plan.specification()
        } catch {
            throw DrawService.refusal(error, field: Self.field(of: error))
        }
        return try await draws.commit(specification, unitID: unitID, subjectID: itemID, by: staff)
    }

    /// Runs the draw and opens the inspections (two officers each) in the same transaction.
    public func run(drawID: UUID, publicValue: String?, by staff: StaffMember) async throws -> DrawOutcome {
        try await draws.run(drawID: drawID, publicValue: publicValue, by: staff) { draw, outcome in
            guard draw.purpose == .randomInspection else { return [] }
            return try await inspections(for: draw, outcome: outcome)
        }
    }

    /// One inspection case per drawn counterparty, numbered after the draw, of the plan's unit.
    func inspections(for draw: DrawQueries.Draw, outcome: DrawOutcome) async throws -> [DrawStore.NewInspection] {
        let context = draw.specification.context
        guard let unitID = context["unitId"].flatMap(UUID.init(uuidString:)) else { return [] }
        let drawn = outcome.selected[InspectionPlan.objectsPool] ?? []
        let codes = drawn.map { "uscc:" + $0.key }
        let rows = try await CounterpartyModel.query(on: self.context.database).filter(\.$identifierLookup ~~ codes).all()
        let byCode = Dictionary(rows.map { ($0.identifier, $0) }, uniquingKeysWith: { first, _ in first })
        let today = self.context.clock.today
        let shortID = String(draw.id.uuidString.prefix(6)).uppercased()
        let title = draw.specification.title
        return try drawn.enumerated().map { position, entry in
            guard let counterparty = byCode[entry.key], let counterpartyID = counterparty.id else {
                throw ServiceRefusal(.conflict, type: "draw-object-missing", detail: "名录库中的“\(entry.label)”已不在行政相对人名录中。")
            }
            let officers = (outcome.assigned[InspectionPlan.officersPool]?[entry.key] ?? []).compactMap { UUID(uuidString: $0.key) }
            let enforcementCase = EnforcementCase(
                number: "普应急随检〔\(today.year)〕\(shortID)-\(position + 1)号", title: title, kind: .inspection,
                counterpartyID: counterpartyID, unitID: unitID, openedOn: today)
            return DrawStore.NewInspection(enforcementCase: enforcementCase, officerIDs: officers)
        }
    }

    // MARK: Pools

    func objects(_ selection: ObjectSelection) async throws -> [Counterparty] {
        let query = CounterpartyModel.query(on: context.database).filter(\.$kind == Counterparty.Kind.legalPerson.rawValue)
        switch selection {
        case .all: break
        case .area(let text):
            guard let text = Self.trimmed(text) else { throw Self.selectionRefused("请填写地区（如街道、镇名）。") }
            query.filter(\.$address, .custom("LIKE"), LikePattern.containing(text))
        case .keyword(let text):
            guard let text = Self.trimmed(text) else { throw Self.selectionRefused("请填写名称中的关键词。") }
            query.filter(\.$name, .custom("LIKE"), LikePattern.containing(text))
        case .list(let text):
            let codes = try Self.codes(inList: text)
            query.filter(\.$identifierLookup ~~ codes.map { "uscc:" + $0 })
            let rows = try await query.sort(\.$identifier).limit(Self.maxObjects + 1).all()
            let found = Set(rows.map(\.identifier))
            let missing = codes.filter { !found.contains($0) }
            if !missing.isEmpty {
                throw Self.selectionRefused("以下统一社会信用代码不在行政相对人名录中：\(missing.prefix(10).joined(separator: "、"))\(missing.count > 10 ? " 等 \(missing.count) 个" : "")。")
            }
            return try rows.map { try $0.domain(protection: context.personalData) }
        }
        let rows = try await query.sort(\.$identifier).limit(Self.maxObjects + 1).all()
        guard rows.count <= Self.maxObjects else {
            throw Self.selectionRefused("名录库超过 \(Self.maxObjects) 家，请缩小范围（按地区、关键词或名单）。")
        }
        if rows.isEmpty { throw Self.selectionRefused("按此条件没有找到检查对象，名录库为空，无法抽取。") }
        // One object per USCC: the directory may hold a company twice (a renamed entry).
        var seen = Set<String>()
        return try rows.filter { seen.insert($0.identifier).inserted }.map { try $0.domain(protection: context.personalData) }
    }

    /// The USCCs of a pasted list: one per line, or the first column of a CSV (a header line that is
    /// not a code is skipped); each checked with its check character. Refuses the list naming the
    /// lines that are not codes.
    static func codes(inList text: String) throws -> [String] {
        var codes: [String] = []
        var bad: [Int] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let cell = line.split(separator: ",", maxSplits: 1).first.map(String.init)?
                .trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\"\u{FEFF}"))) ?? ""
            if cell.isEmpty { continue }
            if let code = try? UnifiedSocialCreditCode(cell) {
                codes.append(code.value)
            } else if number == 0 && !cell.contains(where: { $0.isASCII && $0.isNumber }) {
                continue  // a header such as 统一社会信用代码
            } else {
                bad.append(number + 1)
            }
        }
        if !bad.isEmpty {
            throw selectionRefused("名单第 \(bad.prefix(10).map(String.init).joined(separator: "、")) 行不是有效的统一社会信用代码（校验位不符或长度不对）。")
        }
        if codes.isEmpty { throw selectionRefused("名单为空，请粘贴统一社会信用代码，每行一个。") }
        guard codes.count <= maxObjects else { throw selectionRefused("名单超过 \(maxObjects) 家。") }
        return Array(Set(codes)).sorted()
    }

    static func size(_ text: String) -> DrawSize? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") || text.hasSuffix("％") { return DrawSize.percent(String(text.dropLast())) }
        guard let count = Int(text) else { return nil }
        return .count(count)
    }

    static func field(of error: DrawError) -> String? {
        switch error {
        case .countOutOfRange, .shareOutOfRange, .nothingToDraw: "size"
        case .poolEmpty, .entryKeyInvalid, .entryRepeated: "objects"
        case .tooFewEligible: "officers"
        case .tooFewParties, .partyNameInvalid, .partyRepeated, .secretDigestInvalid: "parties"
        default: nil
        }
    }

    static func selectionRefused(_ detail: String) -> ServiceRefusal {
        ServiceRefusal.invalid("draw-refused", detail, errors: ["objects": detail])
    }

    static func trimmed(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}
