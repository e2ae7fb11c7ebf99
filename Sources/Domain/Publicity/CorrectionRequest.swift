import Foundation
import Ledger

/// A written request from the public to correct a publication (SPEC P9.2: "a citizen, legal person or
/// other organisation who believes published information is inaccurate may ask in writing for a
/// correction"; the bureau verifies and answers within 5 working days).
///
/// Made from the public form by `CorrectionRequest.make`, which validates every field and gives the
/// receipt number the requester uses, with their contact, to read the status back. The requester's
/// name and contact are personal data: they stay in the database, never on the ledger or a public page.
public struct CorrectionRequest: Hashable, Sendable, Codable, Identifiable {
    /// An uploaded attachment (a scan of a licence, a court ruling …), stored content-addressed.
    public struct Attachment: Hashable, Sendable, Codable {
        public let sha256: String
        public let size: Int64
        public let mediaType: String

        public init(sha256: String, size: Int64, mediaType: String) {
            self.sha256 = sha256
            self.size = size
            self.mediaType = mediaType
        }
    }

    public let id: UUID
    /// What the requester quotes to read the status back, e.g. `GZ20261129-7KQ4MX`.
    public let receipt: String
    /// The publication concerned, when the form was opened from its page.
    public let publicationID: UUID?
    /// Which publication, in the requester's words (a decision number or title).
    public let publicationReference: String
    public let requesterName: String
    public let contact: String
    public let description: String
    public let attachment: Attachment?
    /// When it was stored (for a request from the form, also when it was received).
    public let receivedAt: Date
    /// For a request that came in writing by letter or e-mail and was entered by staff (issue 13
    /// item 5 (c)): how and on which day it was received, and who entered it. Nil for the form.
    public let written: Written?

    /// A written request received outside the form (书面要求, SPEC P9.2).
    public struct Written: Hashable, Sendable, Codable {
        public enum Channel: String, CaseIterable, Hashable, Sendable, Codable {
            case letter = "letter"
            case email = "email"

            public var chineseName: String {
                switch self {
                case .letter: "信函"
                case .email: "电子邮件"
                }
            }
        }

        public let channel: Channel
        /// The day the bureau received it (Asia/Shanghai): the P9.2 duty counts from it.
        public let receivedOn: CivilDate
        public let enteredBy: UUID

        public init(channel: Channel, receivedOn: CivilDate, enteredBy: UUID) {
            self.channel = channel
            self.receivedOn = receivedOn
            self.enteredBy = enteredBy
        }
    }

    /// The day the request was received: the day the P9.2 five working days count from (the day
    /// itself not counted, SPEC X1) — for a written request the day on the letter or e-mail, not
    /// the day it was entered.
    public var receivedOn: CivilDate { written?.receivedOn ?? CivilDate(receivedAt) }

    public init(
        id: UUID, receipt: String, publicationID: UUID?, publicationReference: String, requesterName: String,
        contact: String, description: String, attachment: Attachment?, receivedAt: Date, written: Written? = nil
    ) {
        self.id = id
        self.receipt = receipt
        self.publicationID = publicationID
        self.publicationReference = publicationReference
        self.requesterName = requesterName
        self.contact = contact
        self.description = description
        self.attachment = attachment
        self.receivedAt = receivedAt
        self.written = written
    }

    /// Limits of the public form: generous for a real complaint, small enough that the form cannot
    /// be used to store bulk data.
    public static let maxNameLength = 50
    public static let maxContactLength = 100
    public static let maxReferenceLength = 200
    public static let minDescriptionLength = 5
    public static let maxDescriptionLength = 2000

    /// A request from the form's values, or the problems by field (Chinese, for the form).
    public static func make(
        publicationID: UUID?, publicationReference: String, requesterName: String, contact: String,
        description: String, attachment: Attachment?, receivedAt: Date,
        id: UUID = UUID(), receipt: String? = nil
    ) -> Result<CorrectionRequest, CorrectionRequestProblems> {
        let name = requesterName.trimmingCharacters(in: .whitespacesAndNewlines)
        let contact = contact.trimmingCharacters(in: .whitespacesAndNewlines)
        let reference = publicationReference.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [String: String] = [:]
        if name.isEmpty { problems["name"] = "请填写姓名或单位名称" }
        else if name.count > maxNameLength { problems["name"] = "姓名或单位名称不超过\(maxNameLength)个字" }
        if contact.count < 5 { problems["contact"] = "请填写联系电话或电子邮箱，以便答复" }
        else if contact.count > maxContactLength { problems["contact"] = "联系方式不超过\(maxContactLength)个字" }
        if publicationID == nil && reference.isEmpty { problems["publication"] = "请写明要求更正的公示信息（如决定书文号或标题）" }
        else if reference.count > maxReferenceLength { problems["publication"] = "公示信息名称不超过\(maxReferenceLength)个字" }
        if description.count < minDescriptionLength { problems["description"] = "请说明哪些内容不准确及理由" }
        else if description.count > maxDescriptionLength { problems["description"] = "说明不超过\(maxDescriptionLength)个字" }
        guard problems.isEmpty else { return .failure(CorrectionRequestProblems(byField: problems)) }
        return .success(CorrectionRequest(
            id: id, receipt: receipt ?? makeReceipt(on: CivilDate(receivedAt)), publicationID: publicationID,
            publicationReference: reference, requesterName: name, contact: contact, description: description,
            attachment: attachment, receivedAt: receivedAt))
    }

    /// A written request (by letter or e-mail) entered by a staff member at `enteredAt` (issue 13
    /// item 5 (c); SPEC P9.2): the same checks as the form, plus the day received, which may not be
    /// after the day of entry (Asia/Shanghai) — a request cannot arrive in the future. The receipt
    /// number carries the day received.
    public static func makeWritten(
        publicationID: UUID?, publicationReference: String, requesterName: String, contact: String, description: String,
        channel: Written.Channel?, receivedOn: CivilDate?, enteredBy: UUID, enteredAt: Date, id: UUID = UUID()
    ) -> Result<CorrectionRequest, CorrectionRequestProblems> {
        var problems: [String: String] = [:]
        if channel == nil { problems["channel"] = "请选择收到方式：信函或电子邮件" }
        if let receivedOn {
            if receivedOn > CivilDate(enteredAt) { problems["receivedOn"] = "收到日期不能晚于今天" }
        } else {
            problems["receivedOn"] = "请填写收到日期（YYYY-MM-DD）"
        }
        let made = make(
            publicationID: publicationID, publicationReference: publicationReference, requesterName: requesterName,
            contact: contact, description: description, attachment: nil, receivedAt: enteredAt, id: id,
            receipt: receivedOn.map { makeReceipt(on: $0) })
        if case .failure(let more) = made { problems.merge(more.byField) { first, _ in first } }
        guard problems.isEmpty, case .success(let request) = made, let channel, let receivedOn else {
            return .failure(CorrectionRequestProblems(byField: problems))
        }
        return .success(CorrectionRequest(
            id: request.id, receipt: request.receipt, publicationID: request.publicationID,
            publicationReference: request.publicationReference, requesterName: request.requesterName,
            contact: request.contact, description: request.description, attachment: nil, receivedAt: enteredAt,
            written: Written(channel: channel, receivedOn: receivedOn, enteredBy: enteredBy)))
    }

    /// `GZ` + the day received + six characters from an alphabet without look-alikes (no 0/O, 1/I/L):
    /// easy to read out on the phone, and 30⁶ ≈ 7×10⁸ per day makes guessing someone else's hopeless
    /// — the status page also needs the contact.
    public static func makeReceipt<G: RandomNumberGenerator>(on date: CivilDate, using generator: inout G) -> String {
        let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
        let suffix = String((0..<6).map { _ in alphabet.randomElement(using: &generator)! })
        let day = String(format: "%04d%02d%02d", date.year, date.month, date.day)
        return "GZ\(day)-\(suffix)"
    }

    public static func makeReceipt(on date: CivilDate) -> String {
        var generator = SystemRandomNumberGenerator()
        return makeReceipt(on: date, using: &generator)
    }

    /// Whether `contact` is the one given with the request (spaces and case ignored), so that the
    /// receipt number alone does not reveal the status to someone else.
    public func matchesContact(_ contact: String) -> Bool {
        Self.normalized(contact) == Self.normalized(self.contact)
    }

    private static func normalized(_ text: String) -> String {
        text.lowercased().filter { !$0.isWhitespace && $0 != "-" }
    }

    /// The content whose digest the ledger holds.
    public var canonicalContent: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id.uuidString.lowercased()),
            "receipt": .string(receipt),
            "publicationReference": .string(publicationReference),
            "requesterName": .string(requesterName),
            "contact": .string(contact),
            "description": .string(description),
            "receivedAtMs": .integer(Int64((receivedAt.timeIntervalSince1970 * 1000).rounded(.down))),
        ]
        if let publicationID { object["publicationId"] = .string(publicationID.uuidString.lowercased()) }
        if let written {
            object["written"] = .object([
                "channel": .string(written.channel.rawValue), "receivedOn": .string(written.receivedOn.description),
                "enteredBy": .string(written.enteredBy.uuidString.lowercased()),
            ])
        }
        if let attachment {
            object["attachment"] = .object([
                "sha256": .string(attachment.sha256), "size": .integer(attachment.size),
                "mediaType": .string(attachment.mediaType),
            ])
        }
        return .object(object)
    }
}

/// Why the public correction form was refused, by field (Chinese sentences for the form).
public struct CorrectionRequestProblems: Error, Hashable, Sendable {
    public let byField: [String: String]
}

/// The bureau's answer to a correction request (SPEC P9.2): the publication was corrected (the
/// correction itself goes through the four-eyes workflow), or a reply explains why not.
public struct CorrectionAnswer: Hashable, Sendable, Codable {
    public enum Outcome: String, Hashable, Sendable, Codable, CaseIterable {
        case corrected = "corrected"
        case replied = "replied"

        public var chineseName: String {
            switch self {
            case .corrected: "已更正"
            case .replied: "已答复（不予更正）"
            }
        }
    }

    public let requestID: UUID
    public let outcome: Outcome
    /// What the requester reads: the reasons, always required.
    public let reply: String
    public let answeredBy: UUID
    public let answeredAt: Date

    /// An answer, or nil with a Chinese reason when the reply is blank or too long.
    public static func make(
        requestID: UUID, outcome: Outcome, reply: String, answeredBy: UUID, answeredAt: Date
    ) -> Result<CorrectionAnswer, CorrectionRequestProblems> {
        let reply = reply.trimmingCharacters(in: .whitespacesAndNewlines)
        if reply.count < 2 { return .failure(.init(byField: ["reply": "答复应说明理由"])) }
        if reply.count > 2000 { return .failure(.init(byField: ["reply": "答复不超过2000个字"])) }
        return .success(CorrectionAnswer(
            requestID: requestID, outcome: outcome, reply: reply, answeredBy: answeredBy, answeredAt: answeredAt))
    }

    public var canonicalContent: JSONValue {
        .object([
            "requestId": .string(requestID.uuidString.lowercased()),
            "outcome": .string(outcome.rawValue),
            "reply": .string(reply),
            "answeredBy": .string(answeredBy.uuidString.lowercased()),
            "answeredAtMs": .integer(Int64((answeredAt.timeIntervalSince1970 * 1000).rounded(.down))),
        ])
    }
}
