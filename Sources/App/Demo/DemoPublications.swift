import Domain
import Fluent
import Foundation
import Persistence
import Vapor

/// Publications for the demo portal (issue 5): before-enforcement items and officers' certificates
/// from the legal section, and decisions drafted by the brigade, each through the real four-eyes
/// workflow — including a corrected decision, a withdrawn one and one about a natural person, so
/// masking, history and withdrawal all show. Dates are set in the recent past.
enum DemoPublications {
    struct Actors {
        let officer: PublicationActor
        let brigadeLeader: PublicationActor
        let legal: PublicationActor
        let legalReviewer: PublicationActor
    }

    static func seed(
        ledger: LedgerWriter, db: Database, actors: Actors, units: [BureauUnit], officers: [Officer],
        counterparties: [Counterparty], bureauUSCC: String, rules: ObligationRules, policy: PublicityPeriodPolicy,
        now: Date
    ) async throws {
        let store = PublicationStore(ledger: ledger)
        let unit = { (kind: UnitKind) in units.first { $0.kind == kind }! }
        let legalUnit = unit(.legalAndPublicity)
        let brigade = unit(.enforcementBrigade)
        let legalPerson = officers.first { $0.unitID == legalUnit.id } ?? officers[0]
        let brigadePerson = officers.first { $0.unitID == brigade.id } ?? officers[0]
        let legalResponsibility = Responsibility(
            unitID: legalUnit.id, unitName: legalUnit.name, personID: legalPerson.id, personName: legalPerson.name)
        let brigadeResponsibility = Responsibility(
            unitID: brigade.id, unitName: brigade.name, personID: brigadePerson.id, personName: brigadePerson.name)

        /// Drafts, reviews and publishes one item; returns it published.
        func publish(
            _ kind: PublicationKind, title: String, fields: [String: String], responsibility: Responsibility,
            drafter: PublicationActor, publisher: PublicationActor, daysAgo: Int, counterparty: Counterparty? = nil
        ) async throws -> Publication {
            let at = now.addingTimeInterval(-Double(daysAgo) * 86_400)
            let version = PublicationVersion(
                publicationID: UUID(), number: 1, kind: kind, title: title, fields: fields, responsibility: responsibility,
                disclosure: .publish(legalBasis: kind == .penaltyDecision
                    ? "《中华人民共和国行政处罚法》第四十八条" : "《上海市普陀区应急管理行政执法公示办法》"),
                counterparty: counterparty, draftedBy: drafter.userID, draftedAt: at)
            var obligations: [Obligation] = []
            if let enforcementKind = kind.enforcementKind {
                let decided = fields["decisionDate"].flatMap(DoublePublicityFields.date) ?? CivilDate(at)
                obligations = rules.obligations(for: .decisionMade(
                    kind: enforcementKind, on: decided,
                    decision: ObligationTarget(subject: .publication(version.publicationID), title: title, responsibility: responsibility)))
            }
            try await store.draft(version, by: drafter, at: at, obligations: obligations, on: db)
            let id = version.publicationID
            try await store.apply(id, at: at, on: db) { try PublicationWorkflow.submit($0, by: drafter, at: at) }
            try await store.apply(id, at: at, on: db) { try PublicationWorkflow.approve($0, by: actors.legalReviewer, at: at) }
            return try await store.apply(id, at: at, on: db) { publication in
                let period = policy.period(
                    for: publication.latestVersion, category: publication.kind.defaultPublicityCategory, publishedOn: CivilDate(at))
                return try PublicationWorkflow.publish(publication, period: period, by: publisher, at: at)
            }
        }

        // 事前公示 (SPEC P5): the legal section's own items.
        for (index, item) in powerItems.enumerated() {
            _ = try await publish(
                item.kind, title: item.title, fields: item.fields, responsibility: legalResponsibility,
                drafter: actors.legal, publisher: actors.legal, daysAgo: 60 + index)
        }
        for officer in officers.prefix(6) {
            let unitName = units.first { $0.id == officer.unitID }?.name ?? ""
            let (title, fields) = OfficerCertificateDraft.fields(officer: officer, unitName: unitName, today: CivilDate(now))
            _ = try await publish(
                .officerCertificate, title: title, fields: fields, responsibility: legalResponsibility,
                drafter: actors.legal, publisher: actors.legal, daysAgo: 45)
        }

        // 事后公示 (SPEC P7): penalty decisions drafted by the brigade, reviewed by the legal section.
        var decisions: [Publication] = []
        for (index, party) in counterparties.enumerated() {
            let decided = CivilDate(now).adding(days: -(3 + index * 4))
            let number = "普应急罚〔\(decided.year)〕\(20 + index)号"
            var fields = penaltyFields(party: party, number: number, decided: decided, bureauUSCC: bureauUSCC, index: index)
            if party.kind == .naturalPerson {
                fields["violationFacts"] = "\(party.name)在其经营的门店内违规存放瓶装液化石油气4瓶，未落实安全防范措施。"
            }
            decisions.append(try await publish(
                .penaltyDecision, title: "\(number) 行政处罚决定", fields: fields, responsibility: brigadeResponsibility,
                drafter: actors.officer, publisher: actors.brigadeLeader, daysAgo: 2 + index * 4, counterparty: party))
        }

        // A correction, proposed by the brigade and applied by the legal section (SPEC P9.1, P11).
        if let corrected = decisions.first {
            let at = now.addingTimeInterval(-86_400)
            let published = corrected.publishedVersion!
            var fields = published.fields
            fields["fineAmount"] = "2.5"
            fields["penaltyContent"] = "罚款人民币贰万伍仟元整"
            let version = PublicationVersion(
                publicationID: corrected.id, number: corrected.latestVersion.number + 1, kind: .penaltyDecision,
                title: published.title, fields: fields, responsibility: published.responsibility,
                disclosure: published.disclosure, counterparty: published.counterparty,
                draftedBy: actors.brigadeLeader.userID, draftedAt: at, supersedes: published.id,
                correctionReason: "罚款金额录入有误，依决定书原件更正")
            try await store.apply(corrected.id, at: at, on: db) {
                try PublicationWorkflow.proposeCorrection($0, with: version, by: actors.brigadeLeader, at: at)
            }
            try await store.apply(corrected.id, at: at, on: db) { try PublicationWorkflow.correct($0, by: actors.legal, at: at) }
        }
        // A withdrawal: the decision was revoked on review (SPEC P9.3).
        if decisions.count > 2 {
            let at = now.addingTimeInterval(-3600)
            try await store.apply(decisions[2].id, at: at, on: db) {
                try PublicationWorkflow.withdraw($0, reason: "原行政处罚决定经行政复议被撤销", by: actors.legal, at: at)
            }
        }
    }

    static func penaltyFields(party: Counterparty, number: String, decided: CivilDate, bureauUSCC: String, index: Int) -> [String: String] {
        var fields = [
            "counterpartyName": party.name,
            "decisionNumber": number,
            "violationType": violations[index % violations.count].type,
            "violationFacts": violations[index % violations.count].facts,
            "penaltyBasis": violations[index % violations.count].basis,
            "penaltyCategory": "罚款",
            "penaltyContent": "罚款人民币\(["贰万", "叁万", "壹万伍仟", "伍万", "捌仟"][index % 5])元整",
            "fineAmount": ["2", "3", "1.5", "5", "0.8"][index % 5],
            "decisionDate": decided.description,
            "authority": "上海市普陀区应急管理局",
            "authorityUSCC": bureauUSCC,
            "dataSource": "上海市普陀区应急管理局",
            "dataSourceUSCC": bureauUSCC,
        ]
        if party.kind == .naturalPerson {
            fields["counterpartyCategory"] = DoublePublicityFields.naturalPersonCategory
            fields["idType"] = "身份证"
            fields["idNumber"] = party.identifier
        } else {
            fields["counterpartyCategory"] = "法人及非法人组织"
            fields["usccCode"] = party.identifier
            fields["legalRepresentative"] = ["周国平", "吴建明", "郑春华", "冯志远", "何晓东"][index % 5]
        }
        return fields
    }

    static let violations: [(type: String, facts: String, basis: String)] = [
        ("未按规定对安全设备进行经常性维护、保养", "经现场检查，该单位储罐区可燃气体报警装置未定期检测维护，部分探头失效。",
         "《中华人民共和国安全生产法》第九十九条第（二）项"),
        ("未按规定进行安全生产教育和培训", "该单位未如实记录安全生产教育和培训情况，3名新进从业人员未经培训上岗作业。",
         "《中华人民共和国安全生产法》第九十七条第（三）项"),
        ("未建立事故隐患排查治理制度", "该单位未建立事故隐患排查治理制度，未如实记录隐患排查治理情况。",
         "《中华人民共和国安全生产法》第一百零二条"),
        ("危险物品储存未落实安全措施", "该单位仓库内危险化学品与普通货物混存，未设置明显安全警示标志。",
         "《危险化学品安全管理条例》第八十条第一款第（三）项"),
    ]

    static let powerItems: [(kind: PublicationKind, title: String, fields: [String: String])] = [
        (.powerItem, "对生产经营单位未按规定进行安全生产教育和培训的行政处罚", [
            "事项类别": "行政处罚", "设定依据": "《中华人民共和国安全生产法》第九十七条",
            "实施主体": "上海市普陀区应急管理局", "承办机构": "执法大队"]),
        (.powerItem, "对危险化学品经营企业的行政检查", [
            "事项类别": "行政检查", "设定依据": "《危险化学品安全管理条例》第六条",
            "实施主体": "上海市普陀区应急管理局", "承办机构": "安全生产监督管理科"]),
        (.serviceGuide, "危险化学品经营许可证核发（无储存）办事指南", [
            "办理依据": "《危险化学品经营许可证管理办法》", "申请材料": "申请书、营业执照、安全管理制度、从业人员资格证书",
            "法定期限": "30个工作日", "办理地点": "普陀区行政服务中心", "咨询电话": "021-00000000"]),
        (.randomInspectionItem, "“双随机、一公开”抽查事项：工贸企业安全生产检查", [
            "抽查对象": "区内工贸行业生产经营单位", "抽查比例": "每年不低于5%", "抽查方式": "现场检查", "检查依据": "《中华人民共和国安全生产法》第六十五条"]),
    ]
}
