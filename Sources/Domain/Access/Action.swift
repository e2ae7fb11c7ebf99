import Foundation

/// Something a staff member asks the system to do, checked against their `Role` (SPEC X5).
///
/// One case per kind of work in the records, publicity and staff-UI issues (4–6), so that every
/// route and page names the one action it needs and the table in `Permissions` can be read and
/// reviewed as a whole. The raw values are stable slugs (logged with each refusal, SPEC X5 "every
/// refusal is logged"; used in tests): add cases, never rename them.
///
/// The table answers "may this role ever do this?". Whether a person may do it *to this object*
/// (their own activity, their own upload, not their own draft or retrieval request) is decided by
/// the rule that knows the object: `RetrievalRules`, `RetrievalRequest`, and the publication
/// workflow for the drafter who may not approve (SPEC P11).
public enum Action: String, CaseIterable, Sendable, Codable {
    // MARK: Records (SPEC R1–R9)

    /// Create a case and its enforcement activities (SPEC R1, P6).
    case createActivity = "create-activity"
    /// Read activities, cases and the records listed under a counterparty (SPEC R9.4). Reading a
    /// record's *content* is `retrieveRecord`, which is supervised.
    case viewActivity = "view-activity"
    /// See a natural person's full name and ID number rather than the masked form (SPEC X4;
    /// 个人信息保护法: sensitive personal information only to those who need it).
    case viewCounterpartyIdentity = "view-counterparty-identity"
    /// Upload photos, audio and video (SPEC R7: by officers or the contracted third party).
    case uploadMedia = "upload-media"
    /// Fill in a document template or upload a scanned paper document (SPEC R4).
    case createTextRecord = "create-text-record"
    /// Explain an interruption of a recording (SPEC R7): whoever recorded explains.
    case explainGap = "explain-gap"
    /// Register a recording device (SPEC R8, R3: the office plans and manages equipment).
    case registerDevice = "register-device"
    /// Assign a registered device to an officer or recorder (SPEC R8).
    case assignDevice = "assign-device"
    /// See the recording-compliance findings on one's own activities (SPEC R5, R7, P6).
    case viewOwnCompliance = "view-own-compliance"
    /// See compliance findings on every activity and the report over a period (SPEC R14).
    case viewAllCompliance = "view-all-compliance"
    /// Open or download any record's content, with a stated purpose, logged (SPEC R9.1, R9.2).
    case retrieveRecord = "retrieve-record"
    /// Open or download only records one uploaded oneself, with a stated purpose, logged (SPEC R7,
    /// R9.2): what a contracted recorder needs to check its own work, and nothing more.
    case retrieveOwnUpload = "retrieve-own-upload"
    /// Ask to retrieve a record marked 国家秘密, 商业秘密 or 个人隐私 (SPEC R9.2).
    case requestSensitiveRetrieval = "request-sensitive-retrieval"
    /// Approve or reject someone else's sensitive-retrieval request (SPEC R9.2; never one's own:
    /// `RetrievalRequest.approved(by:role:at:)`).
    case approveSensitiveRetrieval = "approve-sensitive-retrieval"
    /// Search the retrieval log: who opened which record, when and why (SPEC R9.2).
    case searchRetrievalLog = "search-retrieval-log"
    /// Put records into the archive with a retention period (SPEC R10, R3).
    case archiveRecords = "archive-records"
    /// Review how records are marked (国家秘密, 商业秘密, 个人隐私): confirm or change the uploader's
    /// marking with a reason (SPEC R9.2, R10; issue 13 item 6).
    case reviewSensitivity = "review-sensitivity"

    // MARK: Directory and administration

    /// Keep officers and their enforcement certificates (SPEC P5, P8): certificates are the legal
    /// section's business, and a change of one triggers its publication update.
    case manageOfficers = "manage-officers"
    /// Create accounts, set roles, deactivate accounts (issue 6 item 1).
    case manageUsers = "manage-users"
    /// Add a newly announced year of the holiday calendar (SPEC X1).
    case importCalendar = "import-calendar"

    // MARK: Publicity (SPEC P1–P11)

    /// Draft a publication, e.g. from a decision of one's own case (SPEC P2, P11).
    case draftPublication = "draft-publication"
    /// Approve a publication drafted by someone else (SPEC P11 four-eyes).
    case approvePublication = "approve-publication"
    /// Publish an approved publication (SPEC P3, P7).
    case publishPublication = "publish-publication"
    /// Correct a published item with a new version and a reason (SPEC P9.1).
    case correctPublication = "correct-publication"
    /// Take a published item down with a reason (SPEC P9.3).
    case withdrawPublication = "withdraw-publication"
    /// Answer a citizen's written correction request (SPEC P9.2).
    case answerCorrectionRequest = "answer-correction-request"
    /// Read the accountability report of late and missed obligations (SPEC P10, R14, X2).
    case viewAccountability = "view-accountability"
    /// Read the previous year's enforcement figures (SPEC P7.4; issue 13 item 2).
    case viewYearlyFigures = "view-yearly-figures"
    /// Confirm one's unit's part of the yearly figures to the legal section (SPEC P3, P7.4).
    case confirmYearlyFigures = "confirm-yearly-figures"
    /// Draft the yearly-figures publication and export the report to 市应急管理局 (SPEC P3, P7.4).
    case compileYearlyFigures = "compile-yearly-figures"
    /// Set the publicity periods and their effective date (SPEC P7.5; issue 13 item 4: the legal
    /// section's policy, 公示办法 七 "公示期限按照国家和本市有关规定执行").
    case managePublicityPolicy = "manage-publicity-policy"
    /// Set or clear "used as evidence" and "disputed" on a record, with a reason (SPEC R10; issue 14 item 1).
    case markRetentionFacts = "mark-retention-facts"
    /// See the retention calendar, holds and disposals (SPEC R10; issue 14 item 5).
    case viewRetention = "view-retention"
    /// Place or release a legal hold on a record or a case (issue 14 item 3).
    case placeLegalHold = "place-legal-hold"
    /// Appraise records whose retention has passed (到期鉴定; SPEC R10, R3: 办公室 keeps the archives).
    case appraiseDisposal = "appraise-disposal"
    /// Approve or refuse a proposed disposal — never one's own appraisal (issue 14 item 3).
    case approveDisposal = "approve-disposal"
    /// Read the fixity audits' cycles, batches and failures (issue 14 item 4; SPEC R9.3, R10, R14):
    /// the office keeps the archives, the legal section and the leadership answer for R14.
    case viewFixityAudits = "view-fixity-audits"

    // MARK: Archives (SPEC R10, R11; issue 14 item 2)

    /// Close a case (结案): those who carry out and conclude enforcement — officers, the brigade
    /// leader, accident investigation — and the legal section, which reviews decisions (SPEC R3).
    /// Archiving the closed case is the office's `archiveRecords`.
    case closeCase = "close-case"
    /// See the archive desk: closed cases waiting to be archived and the packages with their 四性
    /// report — the office, and the leadership who supervise it (SPEC R10, R14). Downloading a
    /// package (every record of a case at once) stays `archiveRecords`.
    case viewArchives = "view-archives"

    // MARK: Supervision (SPEC P7.3, R12, R13; issue 15)

    /// Draw up a 双随机 plan, commit its draw and run it once every party has revealed: the units that
    /// organise random inspections — the brigade, the supervision section — and the legal section.
    case planRandomInspection = "plan-random-inspection"
    /// Type in a party's secret after the commitment (it is checked against the committed digest):
    /// the planners, and the supervisors who act for the supervising body or an outside witness.
    case revealDrawSecret = "reveal-draw-secret"
    /// Record that an officer is related to a counterparty (回避), so no draw sends them there:
    /// officers declare their own, the brigade and the two sections record what they learn.
    case declareRecusal = "declare-recusal"
    /// Record a drawn inspection's conclusion, which starts the P7.3 publication duty: the
    /// inspecting officers and the brigade leader.
    case concludeInspection = "conclude-inspection"
    /// Commit and run the draw of a case-review sample (案卷评查, R12): the legal section and the
    /// supervisors.
    case planCaseReview = "plan-case-review"
    /// Read complaints and reports with the complainant's sealed details, enter one that came by
    /// letter, phone, the 12345 hotline or a visit, link the cases and records concerned and record
    /// the answer: the office and the legal section handle them (SPEC R3), the leadership
    /// supervises (R13).
    case handleComplaints = "handle-complaints"
    /// Assign a complaint to a unit or officer (never the officer complained about).
    case assignComplaint = "assign-complaint"
    /// Set the working-day limit for answering complaints (a versioned setting, on the ledger).
    case manageComplaintPolicy = "manage-complaint-policy"
    /// See the weak-spot statistics by unit, officer, enforcement kind and month, with their CSVs and
    /// the printable quarterly report (SPEC R12; issue 15 item 4): the legal section, the supervision
    /// section and the leadership. Statistics by officer are internal and never on the portal.
    case viewWeakSpots = "view-weak-spots"
    // MARK: Case review (案卷评查; SPEC R12, R13; issue 15 item 2)

    /// Sample closed cases, review a case (never one's own: the service refuses it), and accept or
    /// send back a unit's rectification: the legal section, which guides enforcement (SPEC R3).
    case reviewCases = "review-cases"
    /// See samples, reviews, scores and findings: the legal section and the leadership who
    /// supervise enforcement (SPEC R13).
    case viewCaseReviews = "view-case-reviews"
    /// Answer a finding sent to one's own unit with its rectification (the service checks the
    /// unit): the units that carry out enforcement.
    case answerReviewFindings = "answer-review-findings"

    /// The name shown to people, e.g. in a refusal message.
    public var chineseName: String {
        switch self {
        case .createActivity: "登记案件和执法活动"
        case .viewActivity: "查看执法活动"
        case .viewCounterpartyIdentity: "查看自然人身份信息"
        case .uploadMedia: "上传照片、音频、视音频"
        case .createTextRecord: "制作文字记录"
        case .explainGap: "说明记录中断原因"
        case .registerDevice: "登记记录设备"
        case .assignDevice: "分配记录设备"
        case .viewOwnCompliance: "查看本人执法活动的记录合规情况"
        case .viewAllCompliance: "查看全部执法活动的记录合规情况"
        case .retrieveRecord: "调阅记录资料"
        case .retrieveOwnUpload: "调阅本人上传的记录资料"
        case .requestSensitiveRetrieval: "申请调阅涉密或敏感记录资料"
        case .approveSensitiveRetrieval: "审批涉密或敏感记录资料的调阅申请"
        case .searchRetrievalLog: "查询调阅日志"
        case .archiveRecords: "记录资料归档"
        case .reviewSensitivity: "审核记录资料的涉密标记"
        case .manageOfficers: "管理执法人员和执法证"
        case .manageUsers: "管理用户账号"
        case .importCalendar: "导入节假日安排"
        case .draftPublication: "起草公示信息"
        case .approvePublication: "审核公示信息"
        case .publishPublication: "发布公示信息"
        case .correctPublication: "更正公示信息"
        case .withdrawPublication: "撤下公示信息"
        case .answerCorrectionRequest: "答复更正申请"
        case .viewAccountability: "查看责任追究报告"
        case .viewYearlyFigures: "查看年度执法数据"
        case .confirmYearlyFigures: "确认本单位年度执法数据"
        case .compileYearlyFigures: "汇总、报送和公开年度执法数据"
        case .managePublicityPolicy: "调整公示期限"
        case .markRetentionFacts: "标记证据和争议"
        case .viewRetention: "查看保管期限和销毁情况"
        case .placeLegalHold: "设置和解除法律保留"
        case .appraiseDisposal: "到期鉴定"
        case .approveDisposal: "审批销毁"
        case .viewFixityAudits: "查看存储完整性检查"
        case .closeCase: "结案"
        case .viewArchives: "查看档案"
        case .planRandomInspection: "编制“双随机”抽查计划并组织抽取"
        case .revealDrawSecret: "提交随机抽取的密文"
        case .declareRecusal: "登记执法人员回避关系"
        case .concludeInspection: "登记抽查检查结论"
        case .planCaseReview: "组织案卷评查抽样"
        case .handleComplaints: "办理投诉举报"
        case .assignComplaint: "交办投诉举报"
        case .manageComplaintPolicy: "调整投诉举报办理期限"
        case .viewWeakSpots: "查看执法薄弱环节统计"
        case .reviewCases: "案卷评查"
        case .viewCaseReviews: "查看案卷评查"
        case .answerReviewFindings: "报送评查问题整改情况"
        }
    }
}
