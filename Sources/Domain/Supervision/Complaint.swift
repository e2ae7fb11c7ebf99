import Crypto
import Foundation
import Ledger

/// A complaint or a report (投诉举报, SPEC R13: supervision through complaints and reports; issue 15
/// item 3), from the public form on the portal or entered by staff from a letter, a call, a 12345
/// hotline transfer or a visit.
///
/// The complainant's name, contact, ID number and address (`ComplaintPerson`) are personal data: they
/// are stored sealed (AES-GCM, `PersonalDataProtection`), shown only to the roles that handle
/// complaints, never on a public page and never in a ledger leaf — the leaf carries the SHA-256 of
/// `canonicalContent`, which holds a salted commitment to the person (`personCommitment`), not the
/// person. This value holds everything else.
public struct Complaint: Hashable, Sendable, Codable, Identifiable {
    /// 投诉 (the complainant's own rights or interests were harmed) or 举报 (a report of an officer's
    /// or unit's wrongdoing, by anyone).
    public enum Kind: String, CaseIterable, Hashable, Sendable, Codable {
        case complaint = "complaint"
        case report = "report"

        public var chineseName: String {
            switch self {
            case .complaint: "投诉"
            case .report: "举报"
            }
        }
    }

    /// How it reached the bureau.
    public enum Channel: String, CaseIterable, Hashable, Sendable, Codable {
        case portal = "portal"
        case letter = "letter"
        case phone = "phone"
        case hotline = "hotline"
        case visit = "visit"

        public var chineseName: String {
            switch self {
            case .portal: "网上提交"
            case .letter: "来信"
            case .phone: "来电"
            case .hotline: "12345热线转办"
            case .visit: "来访"
            }
        }

        /// The channels staff enter (the portal's come from the form).
        public static let staffChannels: [Channel] = [.letter, .phone, .hotline, .visit]
    }

    public let id: UUID
    /// What the complainant quotes, with the contact, to read the status back: `TS20261206-7KQ4MX`.
    public let receipt: String
    public let kind: Kind
    public let channel: Channel
    /// The 12345 hotline's transfer number (工单编号), for `.hotline` only.
    public let hotlineNumber: String?
    /// What happened, in the complainant's words.
    public let subject: String
    /// What it concerns, as the complainant names it (free text: an officer's name, a unit, a case
    /// number 案号, a publication). The handling staff link the actual cases, records and officers.
    public let concerning: String
    /// The officer complained about, when staff chose one at intake (never assigned the complaint).
    public let officerID: UUID?
    /// The unit complained about, when staff chose one at intake.
    public let unitID: UUID?
    /// The day the bureau received it (Asia/Shanghai): the deadline counts from the next working day.
    public let receivedOn: CivilDate
    /// When it was stored.
    public let receivedAt: Date
    /// Who entered it; nil for the public form.
    public let enteredBy: UUID?
    /// The working-day limit in force when it was received (`ComplaintPolicy`) and the due day.
    public let workdays: Int
    public let due: ObligationDue
    /// Random, fixed at intake: salts the commitment to the person (so the public digest cannot be
    /// reversed by trying phone numbers).
    public let salt: String
    /// SHA-256 of the salt and the person's canonical JSON; the person itself is sealed elsewhere.
    public let personCommitment: String

    public init(
        id: UUID, receipt: String, kind: Kind, channel: Channel, hotlineNumber: String?, subject: String,
        concerning: String, officerID: UUID?, unitID: UUID?, receivedOn: CivilDate, receivedAt: Date, enteredBy: UUID?,
        workdays: Int, due: ObligationDue, salt: String, personCommitment: String
    ) {
        self.id = id
        self.receipt = receipt
        self.kind = kind
        self.channel = channel
        self.hotlineNumber = hotlineNumber
        self.subject = subject
        self.concerning = concerning
        self.officerID = officerID
        self.unitID = unitID
        self.receivedOn = receivedOn
        self.receivedAt = receivedAt
        self.enteredBy = enteredBy
        self.workdays = workdays
        self.due = due
        self.salt = salt
        self.personCommitment = personCommitment
    }

    // MARK: Limits (the public form's, and the staff form's)

    public static let maxNameLength = 50
    public static let maxContactLength = 100
    public static let maxAddressLength = 200
    public static let maxConcerningLength = 200
    public static let maxHotlineNumberLength = 40
    public static let minSubjectLength = 5
    public static let maxSubjectLength = 2000

    /// What a form sent, before it is checked.
    public struct Input: Sendable, Hashable {
        public var kind: String?
        public var channel: String?
        public var hotlineNumber: String?
        public var subject: String
        public var concerning: String
        public var name: String
        public var contact: String
        public var idNumber: String
        public var address: String
        public var receivedOn: String?
        public var officerID: UUID?
        public var unitID: UUID?

        public init(
            kind: String?, channel: String? = nil, hotlineNumber: String? = nil, subject: String, concerning: String,
            name: String, contact: String, idNumber: String = "", address: String = "", receivedOn: String? = nil,
            officerID: UUID? = nil, unitID: UUID? = nil
        ) {
            self.kind = kind
            self.channel = channel
            self.hotlineNumber = hotlineNumber
            self.subject = subject
            self.concerning = concerning
            self.name = name
            self.contact = contact
            self.idNumber = idNumber
            self.address = address
            self.receivedOn = receivedOn
            self.officerID = officerID
            self.unitID = unitID
        }
    }

    /// A checked intake: the complaint, its person (to be sealed), or the problems by field in
    /// Chinese. `enteredBy` nil means the public form: the channel is `portal`, the day received is
    /// today, and a name and a contact are required (the status check needs the contact). Staff may
    /// enter an anonymous report (举报 without name or contact: it can be handled, not answered).
    public static func make(
        _ input: Input, enteredBy: UUID?, now: Date, workdays: Int, calendar: StatutoryCalendar,
        id: UUID = UUID(), receipt: String? = nil, salt: String? = nil
    ) -> Result<(complaint: Complaint, person: ComplaintPerson), ComplaintProblems> {
        func trim(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var problems: [String: String] = [:]
        let kind = Kind(rawValue: trim(input.kind))
        if kind == nil { problems["kind"] = "请选择投诉或举报" }
        let channel: Channel?
        let today = CivilDate(now)
        var receivedOn = today
        if enteredBy == nil {
            channel = .portal
        } else {
            channel = Channel(rawValue: trim(input.channel)).flatMap { $0 == .portal ? nil : $0 }
            if channel == nil { problems["channel"] = "请选择来源：来信、来电、12345热线转办或来访" }
            let day = trim(input.receivedOn)
            if let parsed = CivilDate(iso: day) {
                if parsed > today { problems["receivedOn"] = "收到日期不能晚于今天" } else { receivedOn = parsed }
            } else if !day.isEmpty {
                problems["receivedOn"] = "收到日期应为 YYYY-MM-DD"
            }
        }
        let hotline = trim(input.hotlineNumber)
        if channel == .hotline {
            if hotline.isEmpty { problems["hotlineNumber"] = "请填写12345热线转办工单编号" }
            else if hotline.count > maxHotlineNumberLength { problems["hotlineNumber"] = "工单编号不超过\(maxHotlineNumberLength)个字" }
        }
        let subject = trim(input.subject)
        if subject.count < minSubjectLength { problems["subject"] = "请说明投诉举报的事项和理由（至少\(minSubjectLength)个字）" }
        else if subject.count > maxSubjectLength { problems["subject"] = "事项说明不超过\(maxSubjectLength)个字" }
        let concerning = trim(input.concerning)
        if concerning.count > maxConcerningLength { problems["concerning"] = "涉及对象不超过\(maxConcerningLength)个字" }
        let person = ComplaintPerson(
            name: trim(input.name), contact: trim(input.contact), idNumber: trim(input.idNumber).uppercased(),
            address: trim(input.address))
        let anonymousAllowed = enteredBy != nil
        if person.name.isEmpty, !anonymousAllowed { problems["name"] = "请填写姓名或单位名称" }
        else if person.name.count > maxNameLength { problems["name"] = "姓名或单位名称不超过\(maxNameLength)个字" }
        if person.contact.isEmpty, anonymousAllowed {
            // An anonymous report entered by staff: no status check is possible.
        } else if person.contact.count < 5 { problems["contact"] = "请填写联系电话或电子邮箱，以便答复和查询" }
        else if person.contact.count > maxContactLength { problems["contact"] = "联系方式不超过\(maxContactLength)个字" }
        if !person.idNumber.isEmpty, person.idNumber.count != 18 || !person.idNumber.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "X") }) {
            problems["idNumber"] = "身份证号码应为18位（可不填）"
        }
        if person.address.count > maxAddressLength { problems["address"] = "地址不超过\(maxAddressLength)个字" }
        guard problems.isEmpty, let kind, let channel else { return .failure(ComplaintProblems(byField: problems)) }
        let salt = salt ?? Self.randomSalt()
        let due = ComplaintPolicy.due(receivedOn: receivedOn, workdays: workdays, calendar: calendar)
        let complaint = Complaint(
            id: id, receipt: receipt ?? makeReceipt(on: receivedOn), kind: kind, channel: channel,
            hotlineNumber: channel == .hotline ? hotline : nil, subject: subject, concerning: concerning,
            officerID: enteredBy == nil ? nil : input.officerID, unitID: enteredBy == nil ? nil : input.unitID,
            receivedOn: receivedOn, receivedAt: now, enteredBy: enteredBy, workdays: workdays, due: due, salt: salt,
            personCommitment: person.commitment(salt: salt))
        return .success((complaint, person))
    }

    /// `TS` (投诉) + the day received + six characters from an alphabet without look-alikes (no 0/O,
    /// 1/I/L): readable on the phone; 31⁶ ≈ 8.9×10⁸ a day makes guessing another's hopeless, and
    /// the status check also needs the contact (as the correction receipt, SPEC P9.2).
    public static func makeReceipt<G: RandomNumberGenerator>(on date: CivilDate, using generator: inout G) -> String {
        let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
        let suffix = String((0..<6).map { _ in alphabet.randomElement(using: &generator)! })
        return "TS" + String(format: "%04d%02d%02d", date.year, date.month, date.day) + "-" + suffix
    }

    public static func makeReceipt(on date: CivilDate) -> String {
        var generator = SystemRandomNumberGenerator()
        return makeReceipt(on: date, using: &generator)
    }

    static func randomSalt() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// A contact as compared and hashed: case, spaces and hyphens ignored.
    public static func normalizedContact(_ contact: String) -> String {
        contact.lowercased().filter { !$0.isWhitespace && $0 != "-" }
    }

    /// The content whose digest `complaint.received` holds: no personal data, only the commitment.
    public var canonicalContent: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id.uuidString.lowercased()),
            "receipt": .string(receipt),
            "kind": .string(kind.rawValue),
            "channel": .string(channel.rawValue),
            "subject": .string(subject),
            "concerning": .string(concerning),
            "receivedOn": .string(receivedOn.description),
            "receivedAtMs": .integer(Int64((receivedAt.timeIntervalSince1970 * 1000).rounded(.down))),
            "workdays": .integer(Int64(workdays)),
            "salt": .string(salt),
            "personCommitment": .string(personCommitment),
        ]
        if let hotlineNumber { object["hotlineNumber"] = .string(hotlineNumber) }
        if let officerID { object["officerId"] = .string(officerID.uuidString.lowercased()) }
        if let unitID { object["unitId"] = .string(unitID.uuidString.lowercased()) }
        if let enteredBy { object["enteredBy"] = .string(enteredBy.uuidString.lowercased()) }
        if let dueDate = due.date { object["dueOn"] = .string(dueDate.description) }
        return .object(object)
    }
}

/// The complainant (SPEC X4, 个人信息保护法): stored only sealed, as one AES-GCM box.
public struct ComplaintPerson: Hashable, Sendable, Codable {
    public let name: String
    public let contact: String
    public let idNumber: String
    public let address: String

    public init(name: String, contact: String, idNumber: String, address: String) {
        self.name = name
        self.contact = contact
        self.idNumber = idNumber
        self.address = address
    }

    public var canonicalContent: JSONValue {
        .object([
            "name": .string(name), "contact": .string(contact), "idNumber": .string(idNumber), "address": .string(address),
        ])
    }

    /// SHA-256 over the salt and the canonical JSON: whoever holds the sealed person and the salt can
    /// check it against the ledger; nobody can recover the person from it.
    public func commitment(salt: String) -> String {
        let bytes = (try? CanonicalJSON.encode(canonicalContent)) ?? []
        return Hash(SHA256.hash(data: Data(salt.utf8) + Data(bytes))).hex
    }
}

/// Why an intake, an assignment, a link or an answer was refused, by field (Chinese, for the form).
public struct ComplaintProblems: Error, Hashable, Sendable {
    public let byField: [String: String]

    public init(byField: [String: String]) {
        self.byField = byField
    }
}
