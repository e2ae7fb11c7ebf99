import Foundation
import Vapor

/// One path of the site: a name, and its pattern with `:name` parameters. Routes are registered
/// from `components`, links and redirects are made with `path(_:)`, views with `#url(name, …)`.
public struct SitePath: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let pattern: [String]

    init(_ name: String, _ pattern: String) {
        self.name = name
        self.pattern = pattern.split(separator: "/").map(String.init)
    }

    /// The route pattern.
    public var components: [PathComponent] { pattern.map { PathComponent(stringLiteral: $0) } }

    /// The number of `:parameter` segments a link must fill.
    public var parameterCount: Int { pattern.filter { $0.hasPrefix(":") }.count }

    /// The path with each `:parameter` replaced, in order, by `arguments` (percent-encoded as a
    /// path segment, so an argument can never add a segment or a query).
    public func path(_ arguments: String...) -> String { path(arguments) }

    public func path(_ arguments: [String]) -> String {
        precondition(arguments.count == parameterCount, "\(name) takes \(parameterCount) arguments, got \(arguments.count)")
        var remaining = arguments[...]
        let segments = pattern.map { segment -> String in
            guard segment.hasPrefix(":") else { return segment }
            let value = remaining.removeFirst()
            return value.addingPercentEncoding(withAllowedCharacters: SitePath.segmentCharacters) ?? ""
        }
        return "/" + segments.joined(separator: "/")
    }

    /// The path of a path without parameters.
    public var url: String { path([String]()) }

    /// The path for ids, written in lower case as everywhere on the site.
    public func path(_ ids: UUID...) -> String { path(ids.map { $0.uuidString.lowercased() }) }

    public var description: String { name + " /" + pattern.joined(separator: "/") }

    static let segmentCharacters: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#;")
        return allowed
    }()
}

/// Every path of the site in one place — public pages, staff pages, the JSON API, the ledger
/// (issue 11 item 5; STYLE "Typed URLs"). `URLRegistryTests` checks that every registered route
/// is here and everything here is registered.
public enum URLs {
    // MARK: Public (portal, open data, ledger, health)
    public static let home = SitePath("home", "/")
    public static let healthz = SitePath("healthz", "/healthz")
    public static let metrics = SitePath("metrics", "/metrics")
    public static let stylesheet = SitePath("static.css", "/static/site.css")
    public static let uploadScript = SitePath("static.upload", "/static/upload.js")
    public static let verifyScript = SitePath("static.verify", "/static/verify.js")
    public static let printScript = SitePath("static.print", "/static/print.js")
    public static let drawScript = SitePath("static.draw", "/static/draw.js")
    public static let favicon = SitePath("static.favicon", "/favicon.svg")
    public static let publications = SitePath("publications", "/publications")
    public static let publication = SitePath("publication", "/publications/:id")
    public static let publicationContent = SitePath("publication.content", "/publications/:id/content.json")
    public static let publicationProofBundle = SitePath("publication.proof", "/publications/:id/proof-bundle.json")
    public static let correctionForm = SitePath("corrections.new", "/corrections/new")
    public static let correctionRequests = SitePath("corrections", "/corrections")
    public static let correctionStatus = SitePath("corrections.status", "/corrections/status")
    public static let complaintForm = SitePath("complaints.new", "/complaints/new")
    public static let complaints = SitePath("complaints", "/complaints")
    public static let complaintStatus = SitePath("complaints.status", "/complaints/status")
    public static let openData = SitePath("open-data", "/open-data")
    public static let openDataFile = SitePath("open-data.file", "/open-data/:file")
    public static let feed = SitePath("feed", "/feed.atom")
    public static let ledgerCheckpoint = SitePath("ledger.checkpoint", "/ledger/checkpoint")
    public static let ledgerKey = SitePath("ledger.key", "/ledger/key")
    public static let ledgerEntry = SitePath("ledger.entry", "/ledger/entries/:index")
    public static let ledgerInclusionProof = SitePath("ledger.inclusion", "/ledger/proof/inclusion")
    public static let ledgerConsistencyProof = SitePath("ledger.consistency", "/ledger/proof/consistency")
    public static let draws = SitePath("draws", "/draws")
    public static let draw = SitePath("draw", "/draws/:id")
    public static let drawData = SitePath("draw.data", "/draws/:id/draw.json")

    // MARK: Staff pages
    public static let staffHome = SitePath("staff", "/staff")
    public static let staffSignIn = SitePath("staff.sign-in", "/staff/sign-in")
    public static let staffSignOut = SitePath("staff.sign-out", "/staff/sign-out")
    public static let staffPassword = SitePath("staff.password", "/staff/password")
    public static let staffActivities = SitePath("staff.activities", "/staff/activities")
    public static let staffNewActivity = SitePath("staff.activities.new", "/staff/activities/new")
    public static let staffActivity = SitePath("staff.activity", "/staff/activities/:id")
    public static let staffCase = SitePath("staff.case", "/staff/cases/:id")
    public static let staffActivitySessions = SitePath("staff.activity.sessions", "/staff/activities/:id/recording-sessions")
    public static let staffDocuments = SitePath("staff.documents", "/staff/activities/:id/documents")
    public static let staffNewDocument = SitePath("staff.documents.new", "/staff/activities/:id/documents/new")
    public static let staffGapExplanations = SitePath("staff.session.explanations", "/staff/recording-sessions/:id/explanations")
    public static let staffPublications = SitePath("staff.publications", "/staff/publications")
    public static let staffPublicationFromCase = SitePath("staff.publications.from-case", "/staff/publications/from-case")
    public static let staffPublication = SitePath("staff.publication", "/staff/publications/:id")
    public static let staffPublicationRevise = SitePath("staff.publication.revise", "/staff/publications/:id/revise")
    public static let staffPublicationStep = SitePath("staff.publication.step", "/staff/publications/:id/step")
    public static let staffObligations = SitePath("staff.obligations", "/staff/obligations")
    public static let staffCorrections = SitePath("staff.corrections", "/staff/corrections")
    public static let staffCorrectionAnswer = SitePath("staff.correction.answer", "/staff/corrections/:id/answer")
    public static let staffWrittenCorrection = SitePath("staff.corrections.written", "/staff/corrections/written")
    public static let staffComplaints = SitePath("staff.complaints", "/staff/complaints")
    public static let staffNewComplaint = SitePath("staff.complaints.new", "/staff/complaints/new")
    public static let staffComplaint = SitePath("staff.complaint", "/staff/complaints/:id")
    public static let staffComplaintAssign = SitePath("staff.complaint.assign", "/staff/complaints/:id/assign")
    public static let staffComplaintLinks = SitePath("staff.complaint.links", "/staff/complaints/:id/links")
    public static let staffComplaintAnswer = SitePath("staff.complaint.answer", "/staff/complaints/:id/answer")
    public static let staffComplaintPolicy = SitePath("staff.complaint-policy", "/staff/complaint-policy")
    public static let staffPublicityPolicy = SitePath("staff.publicity-policy", "/staff/publicity-policy")
    public static let staffUsers = SitePath("staff.users", "/staff/users")
    public static let staffCalendar = SitePath("staff.calendar", "/staff/calendar")
    public static let staffMonthlyAccountability = SitePath("staff.accountability.monthly", "/staff/accountability/monthly")
    public static let staffFixity = SitePath("staff.fixity", "/staff/fixity")
    public static let staffYearlyFigures = SitePath("staff.yearly-figures", "/staff/yearly-figures")
    public static let staffYearlyFiguresConfirm = SitePath("staff.yearly-figures.confirm", "/staff/yearly-figures/confirm")
    public static let staffYearlyFiguresPublication = SitePath("staff.yearly-figures.publication", "/staff/yearly-figures/publication")
    public static let staffYearlyFiguresReport = SitePath("staff.yearly-figures.report", "/staff/yearly-figures/report.csv")
    public static let staffWeakSpots = SitePath("staff.weak-spots", "/staff/weak-spots")
    public static let staffWeakSpotsCSV = SitePath("staff.weak-spots.csv", "/staff/weak-spots/report.csv")
    public static let staffWeakSpotsQuarterly = SitePath("staff.weak-spots.quarterly", "/staff/weak-spots/quarterly")
    public static let staffUserActive = SitePath("staff.user.active", "/staff/users/:id/active")
    public static let staffRecord = SitePath("staff.record", "/staff/records/:id")
    public static let staffRecordPDF = SitePath("staff.record.pdf", "/staff/records/:id/document.pdf")
    public static let staffRecordRetrieve = SitePath("staff.record.retrieve", "/staff/records/:id/retrieve")
    public static let staffRecordRequest = SitePath("staff.record.request", "/staff/records/:id/request")
    public static let staffRetrievalRequests = SitePath("staff.retrieval-requests", "/staff/retrieval-requests")
    public static let staffMyRetrievalRequests = SitePath("staff.my-retrieval-requests", "/staff/my-retrieval-requests")
    public static let staffRetrievalDecision = SitePath("staff.retrieval-request.decision", "/staff/retrieval-requests/:id/decision")
    public static let staffRetrievals = SitePath("staff.retrievals", "/staff/retrievals")
    public static let staffSensitivityReviews = SitePath("staff.sensitivity-reviews", "/staff/sensitivity-reviews")
    public static let staffRecordSensitivityReview = SitePath("staff.record.sensitivity-review", "/staff/records/:id/sensitivity-review")
    public static let staffRecordRetention = SitePath("staff.record.retention", "/staff/records/:id/retention")
    public static let staffRecordRetentionFacts = SitePath("staff.record.retention-facts", "/staff/records/:id/retention-facts")
    public static let staffRecordDisposalAppraisal = SitePath("staff.record.disposal-appraisal", "/staff/records/:id/disposal-appraisal")
    public static let staffRetention = SitePath("staff.retention", "/staff/retention")
    public static let staffDisposal = SitePath("staff.disposal", "/staff/disposal")
    public static let staffDisposalDecision = SitePath("staff.disposal.decision", "/staff/disposal-appraisals/:id/decision")
    public static let staffLegalHolds = SitePath("staff.legal-holds", "/staff/legal-holds")
    public static let staffLegalHoldRelease = SitePath("staff.legal-hold.release", "/staff/legal-holds/:id/release")
    public static let staffCounterparties = SitePath("staff.counterparties", "/staff/counterparties")
    public static let staffCounterparty = SitePath("staff.counterparty", "/staff/counterparties/:id")
    public static let staffCaseClose = SitePath("staff.case.close", "/staff/cases/:id/close")
    public static let staffArchive = SitePath("staff.archive", "/staff/archive")
    public static let staffArchiveCase = SitePath("staff.archive.case", "/staff/archive/cases/:id")
    public static let staffArchivePackage = SitePath("staff.archive.package", "/staff/archive/packages/:id")
    public static let staffArchivePackageZip = SitePath("staff.archive.package.zip", "/staff/archive/packages/:id/package.zip")
    public static let staffDraws = SitePath("staff.draws", "/staff/draws")
    public static let staffNewInspectionPlan = SitePath("staff.draws.new-inspection-plan", "/staff/draws/new-inspection-plan")
    public static let staffDraw = SitePath("staff.draw", "/staff/draws/:id")
    public static let staffDrawReveal = SitePath("staff.draw.reveal", "/staff/draws/:id/reveal")
    public static let staffDrawRun = SitePath("staff.draw.run", "/staff/draws/:id/run")
    public static let staffRecusals = SitePath("staff.recusals", "/staff/recusals")
    public static let staffInspection = SitePath("staff.inspection", "/staff/inspections/:id")
    public static let staffInspectionConclusion = SitePath("staff.inspection.conclusion", "/staff/inspections/:id/conclusion")
    public static let staffInspectionResultDraft = SitePath("staff.inspection.result-draft", "/staff/inspections/:id/result-draft")
    // 案卷评查 (issue 15 item 2)
    public static let staffCaseReviews = SitePath("staff.case-reviews", "/staff/case-reviews")
    public static let staffCaseReviewSample = SitePath("staff.case-reviews.sample", "/staff/case-reviews/samples/new")
    public static let staffCaseReviewCase = SitePath("staff.case-reviews.case", "/staff/case-reviews/cases/:id")
    public static let staffReviewFindings = SitePath("staff.review-findings", "/staff/review-findings")
    public static let staffReviewFinding = SitePath("staff.review-finding", "/staff/review-findings/:id")
    public static let staffReviewFindingStep = SitePath("staff.review-finding.step", "/staff/review-findings/:id/step")

    // MARK: JSON API
    public static let apiSessions = SitePath("api.sessions", "/api/v1/sessions")
    public static let apiOpenAPI = SitePath("api.openapi", "/api/v1/openapi.yaml")
    public static let apiUploads = SitePath("api.uploads", "/api/v1/uploads")
    public static let apiUpload = SitePath("api.upload", "/api/v1/uploads/:id")
    public static let apiCases = SitePath("api.cases", "/api/v1/cases")
    public static let apiCase = SitePath("api.case", "/api/v1/cases/:id")
    public static let apiCaseClose = SitePath("api.case.close", "/api/v1/cases/:id/close")
    public static let apiActivities = SitePath("api.activities", "/api/v1/activities")
    public static let apiActivity = SitePath("api.activity", "/api/v1/activities/:id")
    public static let apiActivityCompliance = SitePath("api.activity.compliance", "/api/v1/activities/:id/compliance")
    public static let apiActivityRecords = SitePath("api.activity.records", "/api/v1/activities/:id/records")
    public static let apiCompliance = SitePath("api.compliance", "/api/v1/compliance")
    public static let apiDocuments = SitePath("api.records.documents", "/api/v1/records/documents")
    public static let apiRecord = SitePath("api.record", "/api/v1/records/:id")
    public static let apiRecordCorrections = SitePath("api.record.corrections", "/api/v1/records/:id/corrections")
    public static let apiRecordContent = SitePath("api.record.content", "/api/v1/records/:id/content")
    public static let apiSensitivityReviews = SitePath("api.sensitivity-reviews", "/api/v1/sensitivity-reviews")
    public static let apiRecordSensitivityReviews = SitePath("api.record.sensitivity-reviews", "/api/v1/records/:id/sensitivity-reviews")
    public static let apiRecordRetrievals = SitePath("api.record.retrievals", "/api/v1/records/:id/retrievals")
    public static let apiTemplates = SitePath("api.templates", "/api/v1/templates")
    public static let apiRecordingSessions = SitePath("api.recording-sessions", "/api/v1/recording-sessions")
    public static let apiRecordingSession = SitePath("api.recording-session", "/api/v1/recording-sessions/:id")
    public static let apiGapExplanations = SitePath("api.recording-session.explanations", "/api/v1/recording-sessions/:id/explanations")
    public static let apiRetrievalRequests = SitePath("api.retrieval-requests", "/api/v1/retrieval-requests")
    public static let apiRetrievalDecision = SitePath("api.retrieval-request.decision", "/api/v1/retrieval-requests/:id/decision")
    public static let apiRetrievals = SitePath("api.retrievals", "/api/v1/retrievals")
    public static let apiDevices = SitePath("api.devices", "/api/v1/devices")
    public static let apiDeviceAssignments = SitePath("api.device.assignments", "/api/v1/devices/:id/assignments")
    public static let apiCounterparties = SitePath("api.counterparties", "/api/v1/counterparties")
    public static let apiCounterparty = SitePath("api.counterparty", "/api/v1/counterparties/:id")
    public static let apiOfficers = SitePath("api.officers", "/api/v1/officers")
    public static let apiOfficerCertificates = SitePath("api.officer.certificates", "/api/v1/officers/:id/certificates")
    public static let apiPublications = SitePath("api.publications", "/api/v1/publications")
    public static let apiPublicationFromCase = SitePath("api.publications.from-case", "/api/v1/publications/from-case/:caseId")
    public static let apiPublicationFromOfficer = SitePath("api.publications.from-officer", "/api/v1/publications/from-officer/:officerId")
    public static let apiPublication = SitePath("api.publication", "/api/v1/publications/:id")
    public static let apiPublicationHandovers = SitePath("api.publication.handovers", "/api/v1/publications/:id/handovers")
    public static let apiPublicityExpire = SitePath("api.publicity.expire", "/api/v1/publicity/expire")
    public static let apiPublicityPolicy = SitePath("api.publicity.policy", "/api/v1/publicity/policy")
    public static let apiCertificateEnds = SitePath("api.publicity.certificate-ends", "/api/v1/publicity/certificate-ends")
    public static let apiObligations = SitePath("api.obligations", "/api/v1/obligations")
    public static let apiObligationTriggers = SitePath("api.obligation-triggers", "/api/v1/obligation-triggers")
    public static let apiAccountability = SitePath("api.accountability", "/api/v1/accountability")
    public static let apiChannelHandover = SitePath("api.channel.handover", "/api/v1/channels/:channel/handover")
    public static let apiCorrectionRequests = SitePath("api.correction-requests", "/api/v1/correction-requests")
    public static let apiCorrectionRequest = SitePath("api.correction-request", "/api/v1/correction-requests/:id")
    public static let apiCorrectionAnswer = SitePath("api.correction-request.answer", "/api/v1/correction-requests/:id/answer")
    public static let apiWrittenCorrectionRequests = SitePath("api.correction-requests.written", "/api/v1/correction-requests/written")

    /// A publication workflow step on the API: `/api/v1/publications/:id/<step path>`.
    public static func apiPublicationStep(_ step: PublicationStepPath) -> SitePath {
        SitePath("api.publication.\(step.rawValue)", "/api/v1/publications/:id/\(step.rawValue)")
    }

    /// The API's publication step paths (one per workflow step a person takes).
    public enum PublicationStepPath: String, CaseIterable, Sendable {
        case revise, submit, approve, publish, withdraw
        case sendBack = "send-back"
        case corrections
        case applyCorrection = "corrections/apply"
        case rejectCorrection = "corrections/reject"
        case endEarly = "end-early"
    }

    /// Every path, for the registry test and the `#url` tag.
    public static let all: [SitePath] = [
        home, healthz, metrics, stylesheet, uploadScript, verifyScript, printScript, drawScript, favicon, publications, publication, publicationContent, publicationProofBundle,
        correctionForm, correctionRequests, correctionStatus, complaintForm, complaints, complaintStatus, openData, openDataFile, feed, ledgerCheckpoint, ledgerKey,
        ledgerEntry, ledgerInclusionProof, ledgerConsistencyProof, draws, draw, drawData,
        staffHome, staffSignIn, staffSignOut, staffPassword, staffActivities, staffNewActivity, staffActivity, staffCase, staffActivitySessions, staffDocuments,
        staffNewDocument, staffGapExplanations, staffPublications, staffPublicationFromCase, staffPublication,
        staffPublicationRevise, staffPublicationStep, staffObligations, staffCorrections, staffCorrectionAnswer, staffWrittenCorrection,
        staffComplaints, staffNewComplaint, staffComplaint, staffComplaintAssign, staffComplaintLinks, staffComplaintAnswer, staffComplaintPolicy,
        staffPublicityPolicy, staffUsers, staffCalendar,
        staffMonthlyAccountability, staffFixity, staffYearlyFigures, staffYearlyFiguresConfirm, staffYearlyFiguresPublication, staffYearlyFiguresReport,
        staffWeakSpots, staffWeakSpotsCSV, staffWeakSpotsQuarterly,
        staffUserActive, staffRecord, staffRecordPDF, staffRecordRetrieve, staffRecordRequest, staffRetrievalRequests, staffMyRetrievalRequests, staffRetrievalDecision,
        staffRetrievals, staffSensitivityReviews, staffRecordSensitivityReview, staffCounterparties, staffCounterparty,
        staffRecordRetention, staffRecordRetentionFacts, staffRecordDisposalAppraisal, staffRetention, staffDisposal,
        staffDisposalDecision, staffLegalHolds, staffLegalHoldRelease,
        staffCaseClose, staffArchive, staffArchiveCase, staffArchivePackage, staffArchivePackageZip, apiCaseClose,
        staffDraws, staffNewInspectionPlan, staffDraw, staffDrawReveal, staffDrawRun, staffRecusals, staffInspection,
        staffInspectionConclusion, staffInspectionResultDraft,
        staffCaseReviews, staffCaseReviewSample, staffCaseReviewCase, staffReviewFindings, staffReviewFinding, staffReviewFindingStep,
        apiSessions, apiOpenAPI, apiUploads, apiUpload, apiCases, apiCase, apiActivities, apiActivity, apiActivityCompliance,
        apiActivityRecords, apiCompliance, apiDocuments, apiRecord, apiRecordCorrections, apiRecordContent, apiRecordRetrievals, apiTemplates,
        apiSensitivityReviews, apiRecordSensitivityReviews,
        apiRecordingSessions, apiRecordingSession, apiGapExplanations, apiRetrievalRequests, apiRetrievalDecision,
        apiRetrievals, apiDevices, apiDeviceAssignments, apiCounterparties, apiCounterparty, apiOfficers,
        apiOfficerCertificates, apiPublications, apiPublicationFromCase, apiPublicationFromOfficer, apiPublication,
        apiPublicationHandovers, apiPublicityExpire, apiPublicityPolicy, apiCertificateEnds, apiObligations, apiObligationTriggers, apiAccountability,
        apiChannelHandover, apiCorrectionRequests, apiCorrectionRequest, apiCorrectionAnswer, apiWrittenCorrectionRequests,
    ] + PublicationStepPath.allCases.map(apiPublicationStep)

    static let byName: [String: SitePath] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    public static func named(_ name: String) -> SitePath? { byName[name] }
}
