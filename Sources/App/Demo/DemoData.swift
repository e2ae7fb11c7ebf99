import Domain
import Fluent
import Foundation
import Persistence
import Services
import Vapor

/// The demo set `serve --demo` puts into an empty database: the bureau's units, officers with
/// enforcement certificates, and enterprises with valid 统一社会信用代码. Names are invented.
enum DemoData {
    static func seedIfEmpty(
        _ db: Database, directory: DirectoryStore, ledger: LedgerWriter, hasher: any PasswordHasher, logger: Logger,
        services: LawTrailServices
    ) async throws {
        guard try await UnitModel.query(on: db).count() == 0 else {
            logger.info("demo: database is not empty, nothing added")
            return
        }
        let units = UnitKind.allCases.map { BureauUnit(name: $0.chineseName, kind: $0) }
        let unitID = { (kind: UnitKind) in units.first { $0.kind == kind }!.id }
        let officers = officerRows.enumerated().map { offset, row in
            Officer(
                name: row.name, unitID: unitID(row.unit),
                certificates: [certificate(serial: offset + 1, from: row.validFrom, years: 5)])
        }
        var counterparties = try enterpriseRows.map { row in
            Counterparty(kind: .legalPerson, name: row.name, identifier: try demoUSCC(row.base), address: row.address)
        }
        // One natural person (an individual trader), so masking and sealing show in the demo.
        counterparties.append(Counterparty(
            kind: .naturalPerson, name: "欧阳晓峰", identifier: try demoResidentID("31010719850617123"),
            address: "上海市普陀区长寿路500弄"))
        try await directory.create(units: units, officers: officers, counterparties: counterparties, at: services.clock.nowSeconds)
        logger.notice("demo: added \(units.count) units, \(officers.count) officers, \(counterparties.count) counterparties")
        var accounts = try await createAccounts(db, units: units, officers: officers, hasher: hasher)
        try await createCaseFile(db, ledger: ledger, officers: officers, units: units, counterparty: counterparties[0], now: services.clock.nowSeconds)
        // A second legal-section account: the four-eyes rule needs a reviewer other than the drafter (SPEC P11).
        let reviewerPassword = randomPassword()
        let reviewer = try await AccountService.createUser(
            username: "demo-legal-section-2", displayName: "演示法制宣传科审核人", role: .legalSection,
            password: reviewerPassword, unitID: unitID(.legalAndPublicity), on: db, hasher: hasher)
        accounts.append(("demo-legal-section-2", reviewerPassword, .legalSection))
        func actor(_ role: Role) async throws -> PublicationActor {
            let user = try await UserModel.query(on: db).filter(\.$username == "demo-" + role.rawValue).first()
            return PublicationActor(userID: try user?.requireID() ?? UUID(), role: role)
        }
        try await DemoPublications.seed(
            ledger: ledger, db: db,
            actors: .init(
                officer: try await actor(.officer), brigadeLeader: try await actor(.brigadeLeader),
                legal: try await actor(.legalSection),
                legalReviewer: PublicationActor(userID: try reviewer.requireID(), role: .legalSection)),
            units: units, officers: officers, counterparties: counterparties, bureauUSCC: services.config.bureauUSCC,
            rules: services.obligationRules, policy: services.config.publicityPolicy, now: services.clock.nowSeconds)
        if services.config.demoHistory {
            try await DemoRetention.seed(db, services: services, units: units, officers: officers, counterparty: counterparties[1])
            try await DemoDraws.seed(db, services: services, units: units)
            try await DemoComplaints.seed(db, services: services, units: units, officers: officers)
            try await DemoCaseReview.seed(db, services: services, units: units, officers: officers, counterparty: counterparties[1])
        }
        try await createArchivedCase(
            // The first enterprise, which has the demo's open case too: tests pick the others as untouched.
            db, ledger: ledger, officers: officers, units: units, counterparty: counterparties[0], services: services)
        logger.notice("demo: added a closed case with its archive package")
        // Printed, not only logged: the person who started the demo needs these to sign in.
        print("\n演示账号 (demo accounts) — 用户名 / 密码 / 角色:")
        let width = accounts.map(\.username.count).max() ?? 0
        for account in accounts {
            let name = account.username + String(repeating: " ", count: width - account.username.count)
            print("  \(name)  \(account.password)  \(account.role.chineseName)")
        }
        print("")
    }

    /// A realistic case file: an on-site inspection of the first enterprise by two brigade
    /// officers, with its 现场检查记录 — so the demo ledger holds cases, activities and records too.
    static func createCaseFile(
        _ db: Database, ledger: LedgerWriter, officers: [Officer], units: [BureauUnit], counterparty: Counterparty, now: Date
    ) async throws {
        guard let brigade = units.first(where: { $0.kind == .enforcementBrigade }),
              let user = try await UserModel.query(on: db).filter(\.$role == Role.officer.rawValue).first(),
              let userID = user.id else { return }
        let pair = officers.filter { $0.unitID == brigade.id }.prefix(2).map(\.id)
        let today = CivilDate(now)
        let enforcementCase = EnforcementCase(
            number: "普应急检〔\(today.year)〕1号", title: "危险化学品企业安全生产监督检查", kind: .inspection,
            counterpartyID: counterparty.id, unitID: brigade.id, openedOn: today)
        let start = now.addingTimeInterval(-3 * 3600)
        let activity = Activity(
            caseID: enforcementCase.id, kind: .inspection, procedure: .general,
            site: Site(address: counterparty.address, highRisk: true), isOnSite: true, officerIDs: Array(pair),
            startedAt: start, endedAt: start.addingTimeInterval(5400),
            optionalSituations: [.onSiteInspection],
            checklist: DisclosureChecklist(
                certificatesShownBy: Array(pair), documentsIssued: ["现场检查记录"], reasonTold: true,
                legalBasisTold: true, rightsTold: [.statement, .defence, .hearing, .recusal], dutyToCooperateTold: true))
        let store = ActivityStore(ledger: ledger)
        try await store.create(enforcementCase, withFirstActivity: activity, by: userID, at: now)
        var values: [String: String] = [:]
        for field in DocumentTemplate.onSiteInspectionRecord.fields where field.required {
            values[field.key] = switch field.kind {
            case .date: today.description
            case .dateTime: today.description + " 09:30"
            case .number: "2"
            default: field.label == "检查情况" ? "现场检查储罐区、仓库，发现2处隐患，已当场责令整改。" : "见附件"
            }
        }
        try await RecordStore(ledger: ledger).create(Record(
            activityID: activity.id, caseID: enforcementCase.id, counterpartyID: counterparty.id, kind: .document,
            templateID: DocumentTemplate.onSiteInspectionRecord.id, documentValues: values, createdBy: userID), at: now)
    }

    /// A closed and archived case (issue 14 item 2): an inspection with its 现场检查记录, closed, then
    /// packaged by the office (no media: tests count the demo's blobs; media packaging is tested in
    /// ServicesTests and measured by `lawtrail bench archive`) — so `serve --demo` has a package on disk (checked by
    /// `bagit.py --validate` in `.ci/run`) and an `archive.packaged` event on the public ledger.
    static func createArchivedCase(
        _ db: Database, ledger: LedgerWriter, officers: [Officer], units: [BureauUnit], counterparty: Counterparty,
        services: LawTrailServices
    ) async throws {
        guard let brigade = units.first(where: { $0.kind == .enforcementBrigade }),
              let officerUser = try await UserModel.query(on: db).filter(\.$role == Role.officer.rawValue).first(),
              let officeUser = try await UserModel.query(on: db).filter(\.$role == Role.office.rawValue).first(),
              let userID = officerUser.id, let officeID = officeUser.id else { return }
        let now = services.clock.nowSeconds
        let today = CivilDate(now)
        let pair = officers.filter { $0.unitID == brigade.id }.prefix(2).map(\.id)
        let enforcementCase = EnforcementCase(
            number: "普应急检〔\(today.year)〕2号", title: "粉尘涉爆企业安全生产监督检查（已归档）", kind: .inspection,
            counterpartyID: counterparty.id, unitID: brigade.id, openedOn: today)
        let start = now.addingTimeInterval(-6 * 3600)
        let activity = Activity(
            caseID: enforcementCase.id, kind: .inspection, procedure: .general,
            site: Site(address: counterparty.address, highRisk: false), isOnSite: true, officerIDs: Array(pair),
            startedAt: start, endedAt: start.addingTimeInterval(3600), optionalSituations: [.onSiteInspection],
            checklist: DisclosureChecklist(
                certificatesShownBy: Array(pair), documentsIssued: ["现场检查记录"], reasonTold: true,
                legalBasisTold: true, rightsTold: [.statement, .defence], dutyToCooperateTold: true))
        try await ActivityStore(ledger: ledger).create(enforcementCase, withFirstActivity: activity, by: userID, at: now)
        var values: [String: String] = [:]
        for field in DocumentTemplate.onSiteInspectionRecord.fields where field.required {
            values[field.key] = switch field.kind {
            case .date: today.description
            case .dateTime: today.description + " 08:30"
            case .number: "0"
            default: field.label == "检查情况" ? "现场检查除尘系统、防爆电气，未发现隐患。" : "见附件"
            }
        }
        let records = RecordStore(ledger: ledger)
        try await records.create(Record(
            activityID: activity.id, caseID: enforcementCase.id, counterpartyID: counterparty.id, kind: .document,
            templateID: DocumentTemplate.onSiteInspectionRecord.id, documentValues: values, createdBy: userID), at: now)
        let context = services.serviceContext(on: db)
        let archives = ArchiveService(context, setup: services.archiveSetup)
        _ = try await archives.close(
            enforcementCase.id, closedOn: today.description, summary: "检查未发现隐患，不予处罚，结案。",
            by: StaffMember(id: userID, role: .officer, unitID: brigade.id, officerID: pair.first))
        _ = try await archives.archive(
            enforcementCase.id, period: .thirtyYears, securityClass: nil,
            by: StaffMember(id: officeID, role: .office, unitID: units.first { $0.kind == .office }?.id))
    }

    /// One account per role, each with a fresh random password (never a fixed demo password).
    static func createAccounts(
        _ db: Database, units: [BureauUnit], officers: [Officer], hasher: any PasswordHasher
    ) async throws -> [(username: String, password: String, role: Role)] {
        let unitOf: [Role: UnitKind] = [
            .officer: .enforcementBrigade, .brigadeLeader: .enforcementBrigade, .legalSection: .legalAndPublicity,
            .supervisionSection: .supervision, .office: .office, .accidentInvestigation: .accidentInvestigation,
            .supervisor: .leadership, .thirdPartyRecorder: .thirdPartyRecorder,
        ]
        var accounts: [(String, String, Role)] = []
        for role in Role.allCases {
            let username = "demo-" + role.rawValue
            let password = randomPassword()
            let unitID = unitOf[role].flatMap { kind in units.first { $0.kind == kind }?.id }
            let officerID = role == .officer ? officers.first?.id : (role == .brigadeLeader ? officers.dropFirst(2).first?.id : nil)
            _ = try await AccountService.createUser(
                username: username, displayName: "演示\(role.chineseName)", role: role, password: password,
                unitID: unitID, officerID: officerID, on: db, hasher: hasher)
            accounts.append((username, password, role))
        }
        return accounts
    }

    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY3479")
        var generator = SystemRandomNumberGenerator()
        return String((0..<14).map { _ in alphabet.randomElement(using: &generator)! })
    }

    static func certificate(serial: Int, from: String, years: Int) -> Certificate {
        let start = CivilDate(iso: from)!
        let end = CivilDate(year: start.year + years, month: start.month, day: start.day)!.adding(days: -1)
        return Certificate(
            number: "3101072\(String(format: "%07d", 2_300_000 + serial))",
            issuer: "上海市人民政府", scope: "普陀区 安全生产监督管理",
            validFrom: start, validTo: end)
    }

    /// Completes a 17-character base with its GB 32100-2015 check character.
    static func demoUSCC(_ base: String) throws -> String {
        guard let check = UnifiedSocialCreditCode.checkCharacter(for: base) else {
            throw Abort(.internalServerError, reason: "demo USCC base \(base) is malformed")
        }
        return base + String(check)
    }

    /// Completes a 17-digit base with its GB 11643-1999 check character (an invented number).
    static func demoResidentID(_ base: String) throws -> String {
        guard let check = ResidentIdentityNumber.checkCharacter(for: base) else {
            throw Abort(.internalServerError, reason: "demo ID base \(base) is malformed")
        }
        return base + String(check)
    }

    static let officerRows: [(name: String, unit: UnitKind, validFrom: String)] = [
        ("王建华", .enforcementBrigade, "2022-03-01"),
        ("李秀英", .enforcementBrigade, "2023-01-15"),
        ("张志强", .enforcementBrigade, "2024-07-01"),
        ("陈丽娟", .enforcementBrigade, "2024-02-20"),
        ("刘海涛", .supervision, "2022-09-01"),
        ("赵晓燕", .supervision, "2023-06-10"),
        // 欧阳明's certificate expired on 2026-10-31, as happens: an on-site act naming him is refused.
        ("欧阳明", .accidentInvestigation, "2021-11-01"),
        ("孙立新", .legalAndPublicity, "2025-12-01"),
    ]

    static let enterpriseRows: [(name: String, base: String, address: String)] = [
        ("上海华宇精细化工有限公司", "91310107MA1G8R2K7", "上海市普陀区真北路1888号"),
        ("上海长风物流仓储有限公司", "91310107MA1H3C5N2", "上海市普陀区云岭东路600号"),
        ("上海桃浦金属制品有限公司", "91310107MA1J7T1Q4", "上海市普陀区桃浦路210号"),
        ("上海真如燃气设备工程有限公司", "91310107MA1K2W8P6", "上海市普陀区铜川路355号"),
        ("上海曹杨商业管理有限公司", "91310107MA1L5D3X9", "上海市普陀区兰溪路128号"),
    ]
}
