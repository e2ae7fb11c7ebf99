import Foundation

/// One way an activity's recording falls short of the rules (SPEC R14: 不记录或者不按照要求记录).
///
/// Each finding names its kind (a stable slug reports group by), the SPEC id it comes from, a
/// Chinese message that says exactly what is wrong, and where it helps a Chinese hint on how to put
/// it right. The optional subject fields say what the finding is about — a situation, an officer, a
/// session and gap, a document field, a disclosure item — so a report can link to it.
public struct ComplianceFinding: Hashable, Sendable, Codable {
    /// What kind of shortfall; raw values are stable slugs. Declaration order is report order.
    public enum Kind: String, CaseIterable, Hashable, Sendable, Codable, CodingKeyRepresentable {
        /// A SPEC R5 situation with no video recording and no valid exemption; one per situation.
        case mandatoryVideoMissing = "mandatory-video-missing"
        /// SPEC R5 (全程) and R7 (连续记录): video exists but does not cover the act from its start to
        /// its end; one per uncovered span longer than the coverage tolerance.
        case coverageIncomplete = "coverage-incomplete"
        /// SPEC R7: a high-risk site skipped video without a recorded reason, or an exemption reason
        /// was given for a site that is not high-risk (so exempts nothing).
        case exemptionWithoutReason = "exemption-without-reason"
        /// SPEC R7: a gap in a recording with no explanation; one per gap.
        case unexplainedGap = "unexplained-gap"
        /// SPEC R7: a recording session where the counterparty was not told recording started.
        case noStartNotice = "no-start-notice"
        /// SPEC R7: a session whose segments overlap, are out of order, or whose explanations do not
        /// fit it, so its continuity cannot be judged.
        case recordingSessionInvalid = "recording-session-invalid"
        /// SPEC P6: an on-site act with fewer than two officers holding a certificate valid that day.
        case tooFewCertifiedOfficers = "too-few-certified-officers"
        /// SPEC P6: an officer present whose showing of the certificate is not recorded.
        case certificatesNotShown = "certificates-not-shown"
        /// SPEC P6: the reason, legal basis, a right or the duty to cooperate not told; one per item.
        case rightsNotTold = "rights-not-told"
        /// SPEC P6: the act issued documents (they are among its records) but the record of the act
        /// names none as issued.
        case documentsIssuedNotRecorded = "documents-issued-not-recorded"
        /// SPEC P6: a document the record says was issued is not among the act's records.
        case issuedDocumentNotFound = "issued-document-not-found"
        /// SPEC R8: a photo, audio or video record that does not name its recording device.
        case deviceNotNamed = "device-not-named"
        /// SPEC R8: the named device is not registered, or was not assigned to any of the act's
        /// officers on the capture day.
        case deviceNotAssigned = "device-not-assigned"
        /// SPEC R4: the act has no text record at all.
        case textRecordMissing = "text-record-missing"
        /// SPEC R4: a required field of a document left empty; one per field.
        case requiredFieldEmpty = "required-field-empty"
        /// SPEC R4: a document of an unknown template, or with a malformed value or unknown field.
        case documentInvalid = "document-invalid"

        /// The SPEC requirement the finding comes from.
        public var specID: String {
            switch self {
            case .mandatoryVideoMissing, .coverageIncomplete: "R5"
            case .exemptionWithoutReason, .unexplainedGap, .noStartNotice, .recordingSessionInvalid: "R7"
            case .tooFewCertifiedOfficers, .certificatesNotShown, .rightsNotTold, .documentsIssuedNotRecorded,
                 .issuedDocumentNotFound: "P6"
            case .deviceNotNamed, .deviceNotAssigned: "R8"
            case .textRecordMissing, .requiredFieldEmpty, .documentInvalid: "R4"
            }
        }

        /// Heading for a report column.
        public var chineseName: String {
            switch self {
            case .mandatoryVideoMissing: "应全程音视频记录而未录像"
            case .coverageIncomplete: "录像未覆盖执法全程"
            case .exemptionWithoutReason: "免于录像无正当理由"
            case .unexplainedGap: "录像中断未说明"
            case .noStartNotice: "开始录像未告知当事人"
            case .recordingSessionInvalid: "录像片段异常"
            case .tooFewCertifiedOfficers: "持证执法人员不足两名"
            case .certificatesNotShown: "未记录出示执法证"
            case .rightsNotTold: "未告知执法事由、依据或权利义务"
            case .documentsIssuedNotRecorded: "未记录出具的执法文书"
            case .issuedDocumentNotFound: "所记出具文书不在记录中"
            case .deviceNotNamed: "媒体记录未注明记录设备"
            case .deviceNotAssigned: "记录设备未登记或未配发给执法人员"
            case .textRecordMissing: "无文字记录"
            case .requiredFieldEmpty: "文书必填项为空"
            case .documentInvalid: "文书内容不符合格式"
            }
        }

        /// Position in `allCases`, the order findings and report columns follow.
        public var order: Int { Self.allCases.firstIndex(of: self)! }
    }

    public var activityID: UUID
    public var kind: Kind
    /// `kind.specID`, stored so that exported findings carry it.
    public var specID: String
    public var message: String
    public var fixHint: String?

    // What the finding is about; nil where it does not apply.
    public var situation: RecordingSituation?
    public var officerID: UUID?
    public var sessionID: UUID?
    /// For a gap: the index of the segment it follows.
    public var segmentIndex: Int?
    public var templateID: String?
    public var fieldKey: String?
    /// The text record of the document a field finding is about.
    public var recordID: UUID?
    public var disclosureItem: DisclosureChecklist.Item?
    /// For a device finding: the device named (nil when none was named).
    public var deviceID: UUID?

    public init(
        activityID: UUID, kind: Kind, message: String, fixHint: String? = nil,
        situation: RecordingSituation? = nil, officerID: UUID? = nil, sessionID: UUID? = nil,
        segmentIndex: Int? = nil, templateID: String? = nil, fieldKey: String? = nil, recordID: UUID? = nil,
        disclosureItem: DisclosureChecklist.Item? = nil, deviceID: UUID? = nil
    ) {
        self.activityID = activityID
        self.kind = kind
        self.specID = kind.specID
        self.message = message
        self.fixHint = fixHint
        self.situation = situation
        self.officerID = officerID
        self.sessionID = sessionID
        self.segmentIndex = segmentIndex
        self.templateID = templateID
        self.fieldKey = fieldKey
        self.recordID = recordID
        self.disclosureItem = disclosureItem
        self.deviceID = deviceID
    }
}
