import App
import Domain
import Fluent
import Foundation
import Ledger
import Persistence
import SQLKit
import Vapor

/// `lawtrail bench publications` (issue 5 item 9): fills a database with published publications
/// for the portal's list and search pages to be measured at a million (`scripts/bench/portal.sh`,
/// docs/benchmarks.md).
///
/// Fast but honest. Every item is made by the Domain workflow in memory — drafted, submitted,
/// approved by a second person, published with the period `PublicityPeriodPolicy` gives — so its
/// 双公示 fields pass the same validation a real one does and its rows are those the store writes
/// (`PublicationBulkLoader`): the version, the `published` step with its ledger leaf, the read-model
/// row with its masked public columns and search words. The draft, submit and approve steps and
/// the obligations are not stored: the public pages never read them, and they would quadruple the
/// ledger. Content is varied and deterministic (publication number `n` is always the same item):
/// ≈ 72 % penalty decisions (a tenth about natural persons, masked on every public surface), the
/// rest coercion and licensing decisions, inspection results and before-enforcement items; about
/// 90,000 enterprises with valid credit codes, so a name or code finds that enterprise's few
/// items; facts from templates with varying places, things and numbers. Dates spread over three
/// years back from today, chosen so that every item is still within its publicity period today:
/// the whole million is listed, the hardest case for the list pages.
public enum PublicationBenchmark {
    public struct FillResult: Sendable {
        public let existing: Int
        public let added: Int
        public let seconds: Double
        public let ledgerSize: UInt64
    }

    /// Publications per ledger append (one leaf each; the writer's batch limit is 4,096 leaves).
    static let batchSize = 2_000

    /// Adds published publications until the database holds `count` (only the missing ones).
    public static func fill(config: AppConfig, count: Int) async throws -> FillResult {
        try await LedgerBenchmark.withApp(config) { app in
            let sql = app.db as! any SQLDatabase
            let existing = try await sql.raw("SELECT COUNT(*) AS n FROM publications").first()?
                .decode(column: "n", as: Int.self) ?? 0
            let loader = PublicationBulkLoader(ledger: app.lawTrail.ledger.writer)
            let generator = Generator(now: config.now(), bureauName: config.bureauName, bureauUSCC: config.bureauUSCC,
                                      policy: config.publicityPolicy)
            let started = ContinuousClock.now
            let batches = Array(stride(from: existing, to: count, by: batchSize))
            // Up to three batches in flight: some being generated while one is written.
            try await withThrowingTaskGroup(of: Int.self) { group in
                var inFlight = 0
                var done = 0
                func finishOne() async throws {
                    done += try await group.next() ?? 0
                    inFlight -= 1
                    if done % (50 * batchSize) == 0 {
                        // Unbuffered progress (stdout is block-buffered when piped).
                        FileHandle.standardError.write(Data("publications: \(done) of \(count - existing) after \(Int((ContinuousClock.now - started).seconds)) s\n".utf8))
                    }
                }
                for start in batches {
                    if inFlight == 3 { try await finishOne() }
                    group.addTask {
                        let numbers = start..<min(start + batchSize, count)
                        try await loader.store(try PublicationBulkLoader.prepare(try numbers.map(generator.publication)))
                        return numbers.count
                    }
                    inFlight += 1
                }
                while inFlight > 0 { try await finishOne() }
            }
            let seconds = (ContinuousClock.now - started).seconds
            // PostgreSQL's autovacuum would analyse the table and set its visibility map (without
            // which no index-only scan is possible) soon after such a load; do it now. SQLite is left
            // without statistics, as a deployed database is: nothing runs ANALYZE there.
            if sql.dialect.name == "postgresql" {
                try await sql.raw("VACUUM ANALYZE publications").run()
            }
            let size = try await LedgerReader(database: app.db).size()
            return FillResult(existing: existing, added: max(0, count - existing), seconds: seconds, ledgerSize: size)
        }
    }

    // MARK: - The generator

    /// Makes publication number `n`: the same item every time for the same `n` and day.
    struct Generator: Sendable {
        let now: Date
        let today: CivilDate
        let bureauName: String
        let bureauUSCC: String
        let policy: PublicityPeriodPolicy

        init(now: Date, bureauName: String, bureauUSCC: String, policy: PublicityPeriodPolicy) {
            self.now = now
            self.today = CivilDate(now)
            self.bureauName = bureauName
            self.bureauUSCC = bureauUSCC
            self.policy = policy
        }

        func publication(_ n: Int) throws -> Publication {
            var rng = SplitMix64(seed: UInt64(n))
            let roll = rng.int(1000)
            let kind: PublicationKind
            switch roll {
            case ..<720: kind = .penaltyDecision
            case ..<780: kind = .coercionDecision
            case ..<880: kind = .licensingDecision
            case ..<960: kind = .randomInspectionResult
            case ..<972: kind = .powerItem
            case ..<980: kind = .serviceGuide
            case ..<990: kind = .powersAndDutiesEntry
            case ..<995: kind = .randomInspectionItem
            default: kind = .officerCertificate
            }
            // Every item must still be listed today (`PublicityPeriodPolicy.national`): a general
            // penalty or a coercion decision for 12 months, a serious penalty and an inspection
            // result for 36, a licence until it ends, a before-enforcement item until withdrawn.
            let serious = kind == .penaltyDecision && rng.int(4) == 0
            let maxAge = (kind == .penaltyDecision && !serious) || kind == .coercionDecision ? 360 : 1_090
            let age = 2 + rng.int(maxAge - 2)
            let decided = today.adding(days: -age)
            let publishedOn = decided.adding(days: 1 + rng.int(min(5, age - 1)))
            let publishAt = publishedOn.startInstant().addingTimeInterval(Double(9 * 3600 + rng.int(8 * 3600)))
            let draftAt = decided.startInstant().addingTimeInterval(Double(15 * 3600 + rng.int(3 * 3600)))

            let id = rng.uuid()
            var content: Content
            switch kind {
            case .penaltyDecision: content = penalty(n, &rng, decided: decided)
            case .coercionDecision: content = coercion(n, &rng, decided: decided)
            case .licensingDecision: content = licensing(n, &rng, decided: decided)
            case .randomInspectionResult: content = inspection(n, &rng, decided: decided)
            default: content = beforeEnforcement(kind, n, &rng)
            }
            let version = PublicationVersion(
                id: rng.uuid(), publicationID: id, number: 1, kind: kind, title: content.title, fields: content.fields,
                responsibility: content.responsibility,
                disclosure: .publish(legalBasis: Words.disclosureBasis(kind)),
                counterparty: content.counterparty, draftedBy: content.drafter.userID, draftedAt: draftAt)

            var change = try PublicationWorkflow.draft(version, by: content.drafter, at: draftAt)
            change = try PublicationWorkflow.submit(change.publication, by: content.drafter, at: draftAt.addingTimeInterval(600))
            change = try PublicationWorkflow.approve(change.publication, by: content.approver, at: publishAt.addingTimeInterval(-1800))
            let category: PublicityCategory = serious ? .seriousPenalty : kind.defaultPublicityCategory
            let validUntil = content.fields["validTo"].flatMap(DoublePublicityFields.date)
            let period = policy.period(category: category, start: publishedOn, validUntil: validUntil)
            change = try PublicationWorkflow.publish(change.publication, period: period, by: content.publisher, at: publishAt)
            // Stored as the bulk loader writes it: the published step only (see the type's note).
            let published = change.publication
            return try Publication(
                id: published.id, kind: kind, state: published.state, versions: published.versions,
                history: [change.transition], publishedVersionID: published.publishedVersionID, period: published.period)
        }

        struct Content {
            var title: String
            var fields: [String: String]
            var counterparty: Counterparty?
            var responsibility: Responsibility
            var drafter: PublicationActor
            var approver: PublicationActor
            var publisher: PublicationActor
        }

        // MARK: Decisions

        func penalty(_ n: Int, _ rng: inout SplitMix64, decided: CivilDate) -> Content {
            let partyRoll = rng.int(100)
            let party: Counterparty = partyRoll < 10 ? Words.person(&rng, today: today)
                : partyRoll < 15 ? Words.soleTrader(&rng) : Words.enterprise(rng.int(Words.enterpriseCount))
            let number = "普应急罚〔\(decided.year)〕\(n + 1)号"
            let violation = Words.violations[rng.int(Words.violations.count)]
            var fields = counterpartyFields(party, &rng)
            fields["decisionNumber"] = number
            fields["violationType"] = violation.type
            fields["violationFacts"] = party.kind == .naturalPerson
                ? Words.personFacts(party.name, &rng) : violation.facts(&rng)
            fields["penaltyBasis"] = violation.basis
            fields["decisionDate"] = decided.description
            let fine = Words.fine(&rng, person: party.kind == .naturalPerson)
            switch rng.int(20) {
            case 0, 1:
                fields["penaltyCategory"] = "警告"
                fields["penaltyContent"] = "警告"
            case 2:
                let confiscated = Words.fine(&rng, person: true)
                fields["penaltyCategory"] = "罚款、没收违法所得"
                fields["penaltyContent"] = "罚款人民币\(fine.words)，没收违法所得人民币\(confiscated.words)"
                fields["fineAmount"] = fine.tenThousands
                fields["confiscationAmount"] = confiscated.tenThousands
            case 3:
                fields["penaltyCategory"] = "罚款、责令停产停业"
                fields["penaltyContent"] = "罚款人民币\(fine.words)，责令停产停业整顿\(["一", "二", "三"][rng.int(3)])个月"
                fields["fineAmount"] = fine.tenThousands
            default:
                fields["penaltyCategory"] = "罚款"
                fields["penaltyContent"] = "罚款人民币\(fine.words)"
                fields["fineAmount"] = fine.tenThousands
            }
            return brigade(title: "\(number) 行政处罚决定", fields: fields, party: party, &rng)
        }

        func coercion(_ n: Int, _ rng: inout SplitMix64, decided: CivilDate) -> Content {
            let party = rng.int(10) == 0 ? Words.soleTrader(&rng) : Words.enterprise(rng.int(Words.enterpriseCount))
            let number = "普应急强〔\(decided.year)〕\(n + 1)号"
            var fields = counterpartyFields(party, &rng)
            fields["decisionNumber"] = number
            fields["decisionDate"] = decided.description
            let chemical = Words.chemicals[rng.int(Words.chemicals.count)]
            let place = Words.places[rng.int(Words.places.count)]
            fields["violationFacts"] = "经现场检查，该单位\(place)内违规存放\(chemical)\(2 + rng.int(40))桶，存在重大事故隐患。"
            fields["penaltyContent"] = "\(["查封", "扣押"][rng.int(2)])\(place)内的\(chemical)及相关设施，期限三十日"
            fields["penaltyBasis"] = "《中华人民共和国安全生产法》第六十五条第一款第（四）项"
            return brigade(title: "\(number) 行政强制决定", fields: fields, party: party, &rng)
        }

        func licensing(_ n: Int, _ rng: inout SplitMix64, decided: CivilDate) -> Content {
            let party = Words.enterprise(rng.int(Words.enterpriseCount))
            let licence = Words.licences[rng.int(Words.licences.count)]
            let number = "沪普应急许〔\(decided.year)〕\(n + 1)号"
            var fields = counterpartyFields(party, &rng)
            let chemicals = (0..<(2 + rng.int(4))).map { _ in Words.chemicals[rng.int(Words.chemicals.count)] }
            fields["licenceDocumentName"] = licence.document
            fields["licenceDocumentNumber"] = number
            fields["licenceCategory"] = "普通"
            fields["licenceCertificateName"] = licence.certificate
            fields["licenceNumber"] = "沪普应急经字〔\(decided.year)〕\(String(format: "%06d", n % 1_000_000))"
            fields["licenceContent"] = "\(licence.scope)：\(Array(Set(chemicals)).sorted().joined(separator: "、"))"
            fields["decisionDate"] = decided.description
            fields["validFrom"] = decided.description
            fields["validTo"] = (decided.adding(months: 36) ?? decided.adding(days: 1_095)).adding(days: -1).description
            fields["licenceStatus"] = "有效"
            let unit = Words.units[2]
            let person = Words.staff[rng.int(Words.staff.count)]
            return Content(
                title: "\(number) 行政许可决定", fields: fields, counterparty: party,
                responsibility: Responsibility(unitID: unit.id, unitName: unit.name, personID: person.id, personName: person.name),
                drafter: PublicationActor(userID: person.id, role: .supervisionSection),
                approver: Words.reviewers[rng.int(Words.reviewers.count)],
                publisher: PublicationActor(userID: Words.sectionHead.id, role: .supervisionSection))
        }

        func inspection(_ n: Int, _ rng: inout SplitMix64, decided: CivilDate) -> Content {
            let party = Words.enterprise(rng.int(Words.enterpriseCount))
            var fields = counterpartyFields(party, &rng)
            let item = Words.inspectionItems[rng.int(Words.inspectionItems.count)]
            fields["decisionNumber"] = "普应急查〔\(decided.year)〕\(n + 1)号"
            fields["decisionDate"] = decided.description
            fields["抽查事项"] = item
            let hazards = rng.int(4)
            fields["检查结果"] = hazards == 0 ? "未发现问题"
                : "发现一般事故隐患\(hazards)处（\(Words.places[rng.int(Words.places.count)])\(Words.hazards[rng.int(Words.hazards.count)])等），已责令限期整改"
            return brigade(title: "\(party.name) “双随机、一公开”抽查结果", fields: fields, party: party, &rng)
        }

        /// The 双公示 counterparty fields, as `DecisionPublicationDraft` fills them, and the bureau.
        func counterpartyFields(_ party: Counterparty, _ rng: inout SplitMix64) -> [String: String] {
            var fields = [
                "counterpartyName": party.name,
                "authority": bureauName, "authorityUSCC": bureauUSCC,
                "dataSource": bureauName, "dataSourceUSCC": bureauUSCC,
            ]
            switch party.kind {
            case .naturalPerson:
                fields["counterpartyCategory"] = DoublePublicityFields.naturalPersonCategory
                fields["idType"] = "身份证"
                fields["idNumber"] = party.identifier
            case .legalPerson where party.identifier.hasPrefix("92"):
                fields["counterpartyCategory"] = "个体工商户"
                fields["usccCode"] = party.identifier
            case .legalPerson:
                fields["counterpartyCategory"] = "法人及非法人组织"
                fields["usccCode"] = party.identifier
                fields["legalRepresentative"] = Words.personName(&rng)
            }
            return fields
        }

        /// Drafted by a brigade officer, approved by the legal section, published by the brigade leader.
        func brigade(title: String, fields: [String: String], party: Counterparty, _ rng: inout SplitMix64) -> Content {
            let unit = Words.units[0]
            let officer = Words.officers[rng.int(Words.officers.count)]
            return Content(
                title: title, fields: fields, counterparty: party,
                responsibility: Responsibility(unitID: unit.id, unitName: unit.name, personID: officer.id, personName: officer.name),
                drafter: PublicationActor(userID: officer.id, role: .officer),
                approver: Words.reviewers[rng.int(Words.reviewers.count)],
                publisher: PublicationActor(userID: Words.brigadeLeader.id, role: .brigadeLeader))
        }

        // MARK: Before enforcement (SPEC P5): the legal section's own

        func beforeEnforcement(_ kind: PublicationKind, _ n: Int, _ rng: inout SplitMix64) -> Content {
            let violation = Words.violations[rng.int(Words.violations.count)]
            let title: String
            var fields: [String: String]
            switch kind {
            case .powerItem, .powersAndDutiesEntry:
                let category = ["行政处罚", "行政处罚", "行政检查", "行政强制", "行政许可"][rng.int(5)]
                switch category {
                case "行政处罚": title = "对\(violation.type)的行政处罚"
                case "行政检查": title = "\(Words.inspectionItems[rng.int(Words.inspectionItems.count)])（行政检查）"
                case "行政强制": title = "对存在重大事故隐患的\(Words.places[rng.int(Words.places.count)])予以查封、扣押（行政强制）"
                default: title = "\(Words.licences[rng.int(Words.licences.count)].certificate)核发（行政许可）"
                }
                fields = ["事项类别": category, "设定依据": violation.basis, "实施主体": bureauName,
                          "承办机构": Words.units[rng.int(Words.units.count)].name, "事项编码": "310107-\(category.prefix(2))-\(n)"]
            case .serviceGuide:
                let licence = Words.licences[rng.int(Words.licences.count)]
                title = "\(licence.certificate)核发办事指南（第\(n % 97 + 1)版）"
                fields = ["办理依据": "《危险化学品经营许可证管理办法》", "申请材料": "申请书、营业执照、安全管理制度、从业人员资格证书",
                          "法定期限": "\([20, 30][rng.int(2)])个工作日", "办理地点": "普陀区行政服务中心", "咨询电话": "021-5256\(String(format: "%04d", n % 10_000))"]
            case .randomInspectionItem:
                let item = Words.inspectionItems[rng.int(Words.inspectionItems.count)]
                title = "“双随机、一公开”抽查事项：\(item)"
                fields = ["抽查对象": "区内\(Words.industries[rng.int(Words.industries.count)])行业生产经营单位",
                          "抽查比例": "每年不低于\(3 + rng.int(8))%", "抽查方式": "现场检查", "检查依据": "《中华人民共和国安全生产法》第六十五条"]
            default:
                let person = Words.staff[rng.int(Words.staff.count)]
                title = "\(person.name) 执法人员及执法证"
                fields = ["officerId": person.id.uuidString.lowercased(), "姓名": person.name,
                          "所在单位": Words.units[rng.int(Words.units.count)].name,
                          "执法证号": "3100\(String(format: "%08d", n % 100_000_000))", "发证机关": "上海市人民政府",
                          "执法范围": "安全生产监督管理", "有效期": "\(today.adding(days: -rng.int(900)).chinese)起六年"]
            }
            let unit = Words.units[1]
            let drafter = Words.reviewers[rng.int(Words.reviewers.count)]
            let others = Words.reviewers.filter { $0 != drafter }
            return Content(
                title: title, fields: fields, counterparty: nil,
                responsibility: Responsibility(unitID: unit.id, unitName: unit.name, personID: drafter.userID,
                                               personName: Words.reviewerNames[drafter.userID] ?? ""),
                drafter: drafter, approver: others[rng.int(others.count)], publisher: drafter)
        }
    }
}

/// A small, fast, seedable generator (SplitMix64), so item `n` is the same on every run.
struct SplitMix64 {
    var state: UInt64

    /// The seed is scrambled first: neighbouring seeds must not give overlapping sequences.
    init(seed: UInt64) { state = Self.mix(seed ^ 0x4C61_7754_7261_696C) }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< bound.
    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }

    /// A version-4-shaped UUID.
    mutating func uuid() -> UUID {
        let a = next(), b = next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * i))
            bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * i))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

/// Word lists the generated content is built from.
enum Words {
    static func fixedID(_ n: Int) -> UUID {
        var rng = SplitMix64(seed: 0xB0_7E57 &+ UInt64(n))
        return rng.uuid()
    }

    static let units: [(id: UUID, name: String)] = [
        (fixedID(1), "执法大队"), (fixedID(2), "法制宣传科"), (fixedID(3), "安全生产监督管理科"),
    ]
    static let staff: [(id: UUID, name: String)] = (0..<40).map { i in
        (fixedID(100 + i), surnames[(i * 7) % surnames.count] + givenNames[(i * 11) % givenNames.count] + givenNames[(i * 5 + 3) % givenNames.count])
    }
    static var officers: ArraySlice<(id: UUID, name: String)> { staff[0..<30] }
    static let brigadeLeader = (id: fixedID(200), name: "王建国")
    static let sectionHead = (id: fixedID(201), name: "陈立新")
    static let reviewerNames: [UUID: String] = [fixedID(210): "刘慧敏", fixedID(211): "孙志强", fixedID(212): "朱丽华", fixedID(213): "高文博"]
    static let reviewers: [PublicationActor] = reviewerNames.keys.sorted { $0.uuidString < $1.uuidString }
        .map { PublicationActor(userID: $0, role: .legalSection) }

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤").map(String.init)
    static let givenNames = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力宁成康志国民永健世广海庆东林浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘").map(String.init)

    static func personName(_ rng: inout SplitMix64) -> String {
        surnames[rng.int(surnames.count)] + givenNames[rng.int(givenNames.count)]
            + (rng.int(3) == 0 ? "" : givenNames[rng.int(givenNames.count)])
    }

    // Enterprises: 字号 (two characters) × industry; `enterpriseCount` distinct names and codes.
    static let tradeFirst = Array("恒盛华鑫宏泰永安金瑞嘉信德远新辉富康天祥隆昌汇通宝丰益明博源兴达成凯东海正和利佳中诚卓越浦江春晖万联").map(String.init)
    static let tradeSecond = Array("盛泰丰源达通昌顺发华辉祥瑞安信德隆兴宇鑫泽邦晟恒诚利凯新创欣达远明阳峰鸿锦弘润业嘉盈瀚铭航").map(String.init)
    static let industries = [
        "化工", "物流", "机械制造", "建材", "仓储", "燃气", "金属制品", "餐饮管理", "印刷", "电子科技", "塑料制品",
        "五金", "涂料", "汽车维修", "家具制造", "纺织", "食品", "物业管理", "建筑工程", "冷链物流", "医药",
        "包装材料", "橡胶制品", "环保科技", "商贸", "新材料", "精细化工", "石油化工", "装饰工程", "实业", "酒店管理",
        "钢结构", "模具", "电气设备", "玻璃制品", "印染", "造纸", "木业", "油墨", "实验器材",
    ]
    static let suffixes = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"]
    static let regions = ["310107", "310107", "310107", "310105", "310106", "310112", "310113", "310114", "310115", "310117"]
    static var enterpriseCount: Int { tradeFirst.count * tradeSecond.count * industries.count }

    static func enterprise(_ c: Int) -> Counterparty {
        let trade = tradeFirst[c % tradeFirst.count] + tradeSecond[(c / tradeFirst.count) % tradeSecond.count]
        let industry = industries[(c / (tradeFirst.count * tradeSecond.count)) % industries.count]
        let name = "上海" + trade + industry + suffixes[c % suffixes.count]
        return Counterparty(
            id: fixedID(1_000_000 + c), kind: .legalPerson, name: name,
            identifier: uscc(prefix: "91", region: regions[c % regions.count], c),
            address: "上海市普陀区\(roads[c % roads.count])\(1 + c % 1_800)号")
    }

    /// An 个体工商户: a credit code starting 92, published like an organisation's.
    static func soleTrader(_ rng: inout SplitMix64) -> Counterparty {
        let c = rng.int(200_000)
        let owner = surnames[c % surnames.count]
        let shop = ["餐饮店", "五金店", "便利店", "汽车修理部", "小吃店", "日用品商店", "建材经营部"][c % 7]
        return Counterparty(
            id: fixedID(2_000_000 + c), kind: .legalPerson, name: "上海市普陀区\(owner)记\(shop)",
            identifier: uscc(prefix: "92", region: "310107", c + 7_000_000),
            address: "上海市普陀区\(roads[c % roads.count])\(1 + c % 900)号")
    }

    /// A natural person with a valid resident ID number (masked on every public surface).
    static func person(_ rng: inout SplitMix64, today: CivilDate) -> Counterparty {
        let name = personName(&rng)
        let birth = CivilDate(year: 1950, month: 1, day: 1)!.adding(days: rng.int(52 * 365))
        let body = regions[rng.int(regions.count)] + String(format: "%04d%02d%02d%03d", birth.year, birth.month, birth.day, rng.int(1000))
        let check = ResidentIdentityNumber.checkCharacter(for: body).map(String.init) ?? "0"
        return Counterparty(
            id: rng.uuid(), kind: .naturalPerson, name: name, identifier: body + check,
            address: "上海市普陀区\(roads[rng.int(roads.count)])\(1 + rng.int(900))弄\(1 + rng.int(60))号")
    }

    static func uscc(prefix: String, region: String, _ c: Int) -> String {
        // 主体标识码: "MA1" and six characters of the alphabet, distinct for every c.
        let alphabet = Array(UnifiedSocialCreditCode.alphabet)
        var value = (c &* 7_919 &+ 104_729) % 887_503_681  // 31^6
        var code = ""
        for _ in 0..<6 {
            code.append(alphabet[value % 31])
            value /= 31
        }
        let body = prefix + region + "MA1" + code
        return body + String(UnifiedSocialCreditCode.checkCharacter(for: body) ?? "0")
    }

    /// The legal basis for publishing each kind.
    static func disclosureBasis(_ kind: PublicationKind) -> String {
        switch kind {
        case .penaltyDecision: "《中华人民共和国行政处罚法》第四十八条"
        case .licensingDecision: "《中华人民共和国行政许可法》第四十条"
        default: "《上海市普陀区应急管理行政执法公示办法》"
        }
    }

    static let roads = ["真北路", "曹杨路", "武宁路", "长寿路", "桃浦路", "祁连山南路", "金沙江路", "铜川路", "中山北路", "宜川路", "大渡河路", "光复西路", "同普路", "新村路"]

    // MARK: Facts

    static let places = ["仓库", "生产车间", "储罐区", "配电房", "厨房操作间", "危险化学品库房", "喷涂车间", "锅炉房", "地下车库", "装卸区", "堆场", "实验室"]
    static let devices = ["可燃气体报警装置", "消防喷淋系统", "应急照明设施", "防爆电气设备", "通风排毒装置", "压力容器安全阀", "静电接地装置", "紧急切断阀"]
    static let chemicals = ["液化石油气", "天然气", "乙醇", "甲醇", "丙酮", "油漆", "稀释剂", "汽油", "柴油", "氢氧化钠", "硫酸", "盐酸", "氯酸钠", "二甲苯", "乙炔", "氧气"]
    static let hazards = ["安全出口堵塞", "电气线路私拉乱接", "灭火器过期失效", "安全警示标志缺失", "防护栏杆缺损", "物料超量存放"]
    static let workers = ["新进从业人员", "临时用工人员", "叉车司机", "电焊作业人员", "危险化学品装卸人员"]
    static let inspectionItems = ["工贸企业安全生产检查", "危险化学品经营单位安全检查", "有限空间作业安全检查", "粉尘涉爆企业安全检查", "烟花爆竹经营单位安全检查", "冶金企业安全检查", "涉氨制冷企业安全检查"]

    struct Violation: Sendable {
        let type: String
        let basis: String
        let template: @Sendable (inout SplitMix64) -> String

        func facts(_ rng: inout SplitMix64) -> String { template(&rng) }
    }

    static func pick(_ words: [String], _ rng: inout SplitMix64) -> String { words[rng.int(words.count)] }

    static let violations: [Violation] = [
        Violation(type: "未按规定对安全设备进行经常性维护、保养", basis: "《中华人民共和国安全生产法》第九十九条第（二）项") { rng in
            "经现场检查，该单位\(pick(places, &rng))\(pick(devices, &rng))未定期检测维护，\(1 + rng.int(6))处探头或部件失效。"
        },
        Violation(type: "未按规定进行安全生产教育和培训", basis: "《中华人民共和国安全生产法》第九十七条第（三）项") { rng in
            "该单位未如实记录安全生产教育和培训情况，\(1 + rng.int(12))名\(pick(workers, &rng))未经培训上岗作业。"
        },
        Violation(type: "未建立事故隐患排查治理制度", basis: "《中华人民共和国安全生产法》第一百零二条") { rng in
            "该单位未建立事故隐患排查治理制度，\(pick(places, &rng))存在\(pick(hazards, &rng))、\(pick(hazards, &rng))等隐患未及时消除。"
        },
        Violation(type: "危险物品储存未落实安全措施", basis: "《危险化学品安全管理条例》第八十条第一款第（三）项") { rng in
            "该单位\(pick(places, &rng))内\(pick(chemicals, &rng))\(1 + rng.int(30))桶与普通货物混存，未设置明显安全警示标志。"
        },
        Violation(type: "特种作业人员未持证上岗", basis: "《中华人民共和国安全生产法》第九十七条第（七）项") { rng in
            "该单位\(1 + rng.int(5))名\(["电工", "焊工", "高处作业人员", "制冷与空调作业人员"][rng.int(4)])未按照规定经专门的安全作业培训并取得相应资格，上岗作业。"
        },
        Violation(type: "未在有较大危险因素的场所设置安全警示标志", basis: "《中华人民共和国安全生产法》第九十九条第（一）项") { rng in
            "该单位\(pick(places, &rng))、\(pick(places, &rng))等有较大危险因素的场所和设备上未设置明显的安全警示标志。"
        },
        Violation(type: "未为从业人员提供符合标准的劳动防护用品", basis: "《中华人民共和国安全生产法》第九十九条第（五）项") { rng in
            "该单位\(pick(places, &rng))\(1 + rng.int(20))名作业人员未配备符合国家标准的\(["防毒面具", "防护手套", "安全帽", "防静电工作服"][rng.int(4)])。"
        },
        Violation(type: "生产经营场所与员工宿舍在同一座建筑物内且不符合安全要求", basis: "《中华人民共和国安全生产法》第一百零五条第（二）项") { rng in
            "该单位\(pick(places, &rng))与员工宿舍设置在同一建筑物内，\(pick(hazards, &rng))，不符合安全要求。"
        },
        Violation(type: "未按规定制定生产安全事故应急救援预案", basis: "《生产安全事故应急预案管理办法》第四十五条第一款第（一）项") { rng in
            "该单位未按照规定编制\(pick(chemicals, &rng))泄漏、火灾等生产安全事故应急救援预案，未定期组织演练。"
        },
        Violation(type: "有限空间作业未执行审批制度", basis: "《工贸企业有限空间作业安全规定》第二十六条") { rng in
            "该单位\(1 + rng.int(4))名作业人员进入\(["污水池", "储罐", "地下管道", "发酵池"][rng.int(4)])作业前未进行审批、未检测气体。"
        },
    ]

    static func personFacts(_ name: String, _ rng: inout SplitMix64) -> String {
        switch rng.int(3) {
        case 0: "\(name)在其经营的\(["餐饮店", "门店", "小吃店"][rng.int(3)])内违规存放瓶装液化石油气\(2 + rng.int(8))瓶，未落实安全防范措施。"
        case 1: "\(name)未取得烟花爆竹经营许可，在\(pick(roads, &rng))一处仓库内非法储存烟花爆竹\(5 + rng.int(200))箱。"
        default: "\(name)未取得特种作业操作证，在\(pick(roads, &rng))某工地从事\(["电焊", "电工", "高处"][rng.int(3)])作业。"
        }
    }

    /// An amount, as 万元 for the field and in words for 处罚内容.
    static func fine(_ rng: inout SplitMix64, person: Bool) -> (tenThousands: String, words: String) {
        let yuan = person ? (1 + rng.int(50)) * 200 : (1 + rng.int(60)) * 5_000
        let digits = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]
        var words = ""
        let wan = yuan / 10_000, qian = yuan % 10_000 / 1_000, bai = yuan % 1_000 / 100
        if wan > 0 { words += (wan >= 10 ? (wan / 10 > 1 ? digits[wan / 10] : "") + "拾" + (wan % 10 > 0 ? digits[wan % 10] : "") : digits[wan]) + "万" }
        if qian > 0 { words += digits[qian] + "仟" } else if wan > 0 && bai > 0 { words += "零" }
        if bai > 0 { words += digits[bai] + "佰" }
        let tenThousands = NSDecimalNumber(decimal: Decimal(yuan) / 10_000).stringValue
        return (tenThousands, words + "元整")
    }

    static let licences: [(document: String, certificate: String, scope: String)] = [
        ("危险化学品经营许可证核发决定书", "危险化学品经营许可证", "经营（不带储存设施）"),
        ("危险化学品经营许可证延期决定书", "危险化学品经营许可证", "经营（带储存设施）"),
        ("烟花爆竹经营（零售）许可证核发决定书", "烟花爆竹经营（零售）许可证", "零售"),
        ("第二类非药品类易制毒化学品经营备案决定书", "非药品类易制毒化学品经营备案证明", "经营"),
    ]
}
