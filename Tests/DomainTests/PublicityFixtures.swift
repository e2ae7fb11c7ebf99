import Domain
import Foundation
import Testing

/// Shared set-up for the publicity tests (SPEC P2, P7–P11, X2, X4): people in their roles, a complete
/// 双公示 penalty and licensing record, and publications walked through the workflow. Each test
/// changes one thing and checks what follows.
enum PublicityFixtures {
    static func day(_ text: String) -> CivilDate {
        guard let date = CivilDate(iso: text) else { fatalError("bad test date \(text)") }
        return date
    }

    static func id(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!
    }

    /// An Asia/Shanghai wall-clock time as an instant.
    static func shanghai(_ text: String, _ hour: Int = 10, _ minute: Int = 0) -> Date {
        let local = day(text).dayNumber * 86_400 + hour * 3600 + minute * 60
        return Date(timeIntervalSince1970: TimeInterval(local - 8 * 3600))
    }

    /// The bundled statutory calendar (2004–2026), loaded once.
    static let calendar: StatutoryCalendar = {
        do { return try StatutoryCalendar.bundled() } catch { fatalError("bundled calendar: \(error)") }
    }()

    /// A valid USCC from its first 17 characters (check character computed by GB 32100's rule).
    static func uscc(_ first17: String) -> String {
        first17 + String(UnifiedSocialCreditCode.checkCharacter(for: first17)!)
    }

    /// A valid resident ID number from its first 17 digits.
    static func residentID(_ first17: String) -> String {
        first17 + String(ResidentIdentityNumber.checkCharacter(for: first17)!)
    }

    static let bureauUSCC = uscc("11310107MB0000001")
    static let companyUSCC = uscc("91310107MA1G00001")
    static let personID = residentID("31010719900307123")

    // MARK: People (SPEC X5)

    static let officer = PublicationActor(userID: id(101), role: .officer)
    static let brigadeLeader = PublicationActor(userID: id(102), role: .brigadeLeader)
    static let legalA = PublicationActor(userID: id(103), role: .legalSection)
    static let legalB = PublicationActor(userID: id(104), role: .legalSection)
    static let supervisor = PublicationActor(userID: id(105), role: .supervisor)

    static let brigade = Responsibility(unitID: id(201), unitName: "执法大队", personID: id(101), personName: "陈明")
    static let legalUnit = Responsibility(unitID: id(202), unitName: "法制宣传科", personID: id(103), personName: "周敏")

    // MARK: 双公示 records

    /// A complete 行政处罚信息 for a company fined 3.5 万元.
    static func penaltyFields() -> [String: String] {
        [
            "counterpartyName": "上海某某化工有限公司",
            "counterpartyCategory": "法人及非法人组织",
            "usccCode": companyUSCC,
            "legalRepresentative": "王建国",
            "decisionNumber": "普应急罚〔2026〕12号",
            "violationType": "未按规定对从业人员进行安全生产教育和培训",
            "violationFacts": "2026年1月20日检查发现，该公司未对新入职的3名从业人员进行安全生产教育和培训。",
            "penaltyBasis": "《中华人民共和国安全生产法》第九十七条第三项",
            "penaltyCategory": "警告；罚款",
            "penaltyContent": "警告，并处罚款人民币3.5万元",
            "fineAmount": "3.5",
            "decisionDate": "2026-02-12",
            "authority": "上海市普陀区应急管理局",
            "authorityUSCC": bureauUSCC,
            "dataSource": "上海市普陀区应急管理局",
            "dataSourceUSCC": bureauUSCC,
        ]
    }

    /// The same penalty imposed on a natural person.
    static func naturalPersonPenaltyFields() -> [String: String] {
        var fields = penaltyFields()
        fields["counterpartyName"] = "李小明"
        fields["counterpartyCategory"] = "自然人"
        fields["usccCode"] = nil
        fields["legalRepresentative"] = nil
        fields["idType"] = "身份证"
        fields["idNumber"] = personID
        fields["violationFacts"] = "李小明（身份证号\(personID)）在无证情况下从事危险化学品经营。"
        return fields
    }

    /// A complete 行政许可信息.
    static func licensingFields() -> [String: String] {
        [
            "counterpartyName": "上海某某化工有限公司",
            "counterpartyCategory": "法人及非法人组织",
            "usccCode": companyUSCC,
            "legalRepresentative": "王建国",
            "licenceDocumentName": "危险化学品经营许可证",
            "licenceDocumentNumber": "沪普危化经字〔2026〕000123",
            "licenceCategory": "普通",
            "licenceContent": "批发：汽油、柴油（不带储存设施）",
            "decisionDate": "2026-03-02",
            "validFrom": "2026-03-02",
            "validTo": "2029-03-01",
            "authority": "上海市普陀区应急管理局",
            "authorityUSCC": bureauUSCC,
            "dataSource": "上海市普陀区应急管理局",
            "dataSourceUSCC": bureauUSCC,
        ]
    }

    // MARK: Publications

    static let publicationID = id(301)

    static func version(
        _ number: Int, id versionID: UUID = UUID(), publicationID: UUID = publicationID,
        kind: PublicationKind = .penaltyDecision, fields: [String: String] = penaltyFields(),
        title: String = "普应急罚〔2026〕12号 行政处罚决定", responsibility: Responsibility = brigade,
        disclosure: PublicationDisclosure = .publish(legalBasis: "《中华人民共和国行政处罚法》第四十八条"),
        by drafter: PublicationActor = officer, at: Date = shanghai("2026-02-12"),
        supersedes: UUID? = nil, correctionReason: String? = nil, counterparty: Counterparty? = nil
    ) -> PublicationVersion {
        PublicationVersion(
            id: versionID, publicationID: publicationID, number: number, kind: kind, title: title, fields: fields,
            responsibility: responsibility, disclosure: disclosure, counterparty: counterparty,
            draftedBy: drafter.userID, draftedAt: at, supersedes: supersedes, correctionReason: correctionReason)
    }

    /// A penalty decision drafted by the officer, submitted, approved by legal section A, published
    /// on 2026-02-13 with the general-penalty period counted from the decision date.
    static func publishedPenalty(
        fields: [String: String] = penaltyFields(), disclosure: PublicationDisclosure = .publish(legalBasis: "《中华人民共和国行政处罚法》第四十八条"),
        counterparty: Counterparty? = nil
    ) throws -> Publication {
        let drafted = try PublicationWorkflow.draft(
            version(1, fields: fields, disclosure: disclosure, counterparty: counterparty), by: officer,
            at: shanghai("2026-02-12", 9))
        let submitted = try PublicationWorkflow.submit(drafted.publication, by: officer, at: shanghai("2026-02-12", 11))
        let approved = try PublicationWorkflow.approve(submitted.publication, by: legalA, at: shanghai("2026-02-13", 9))
        let period = PublicityPeriodPolicy.national.period(category: .generalPenalty, start: day("2026-02-12"))
        return try PublicationWorkflow.publish(
            approved.publication, period: period, by: brigadeLeader, at: shanghai("2026-02-13", 10)).publication
    }

    /// Runs `body` and returns the `PublicationError` it threw; records an issue when it threw none.
    static func publicationError(_ body: () throws(PublicationError) -> PublicationChange) -> PublicationError? {
        do {
            _ = try body()
            Issue.record("expected a PublicationError")
            return nil
        } catch {
            return error
        }
    }
}
