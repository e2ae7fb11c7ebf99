import Domain
import Foundation
import Testing

/// Shared set-up for the whole-process recording tests (SPEC R4–R7, P6): officers with
/// certificates, an activity that meets every rule, and evidence that records it fully. Each test
/// changes one thing and checks the one finding or error that follows.
enum RecordingFixtures {
    static let unitID = UUID(uuidString: "00000000-0000-0000-0000-0000000000a1")!
    static let caseID = UUID(uuidString: "00000000-0000-0000-0000-0000000000c1")!

    static func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        CivilDate(year: year, month: month, day: day)!
    }

    /// An Asia/Shanghai wall-clock time as an instant.
    static func shanghai(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
        let local = date(year, month, day).dayNumber * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(local - 8 * 3600))
    }

    static func certificate(_ number: String, from: CivilDate, to: CivilDate) -> Certificate {
        Certificate(number: number, issuer: "上海市人民政府", scope: "普陀区 安全生产", validFrom: from, validTo: to)
    }

    static func officer(_ name: String, id: Int, certificates: [Certificate]) -> Officer {
        Officer(
            id: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", id))!,
            name: name, unitID: unitID, certificates: certificates)
    }

    static let zhang = officer("张三", id: 1, certificates: [
        certificate("31070020001", from: date(2024, 1, 1), to: date(2028, 12, 31)),
    ])
    static let li = officer("李四", id: 2, certificates: [
        certificate("31070020002", from: date(2024, 1, 1), to: date(2028, 12, 31)),
    ])
    /// Certificate ran out the day before the activity day (2026-11-29).
    static let wangExpired = officer("王五", id: 3, certificates: [
        certificate("31070020003", from: date(2023, 11, 29), to: date(2026, 11, 28)),
    ])
    /// Certificate starts the day after the activity day.
    static let zhaoTomorrow = officer("赵六", id: 4, certificates: [
        certificate("31070020004", from: date(2026, 11, 30), to: date(2029, 11, 29)),
    ])
    static let qianNone = officer("钱七", id: 5, certificates: [])

    static let officers = [zhang, li, wangExpired, zhaoTomorrow, qianNone]

    static let start = shanghai(2026, 11, 29, 9, 0)
    static let end = shanghai(2026, 11, 29, 10, 30)

    /// Everything P6 asks to be shown and told, for `officerIDs`.
    static func fullChecklist(_ officerIDs: [UUID]) -> DisclosureChecklist {
        DisclosureChecklist(
            certificatesShownBy: officerIDs, documentsIssued: ["现场检查记录"], reasonTold: true,
            legalBasisTold: true, rightsTold: Set(DisclosureChecklist.Right.allCases), dutyToCooperateTold: true)
    }

    /// An on-site act by two certified officers with everything shown and told.
    static func activity(
        kind: EnforcementKind = .coercion, situations: Set<RecordingSituation> = [],
        officers: [Officer] = [zhang, li], highRisk: Bool = false, exemption: String? = nil,
        isOnSite: Bool = true, startedAt: Date = start, endedAt: Date = end
    ) -> Activity {
        let ids = officers.map(\.id)
        return Activity(
            id: UUID(uuidString: "00000000-0000-0000-0000-0000000000b1")!,
            caseID: caseID, kind: kind, procedure: .general,
            site: Site(address: "上海市普陀区武宁路100号", highRisk: highRisk), isOnSite: isOnSite,
            officerIDs: ids, startedAt: startedAt, endedAt: endedAt, situations: situations,
            checklist: fullChecklist(ids), videoExemptionReason: exemption)
    }

    /// A segment of `minutes` starting `offsetMinutes` after `start`.
    static func segment(_ offsetSeconds: TimeInterval, lasting seconds: TimeInterval) -> RecordingSession.Segment {
        RecordingSession.Segment(
            recordID: UUID(),
            start: start.addingTimeInterval(offsetSeconds),
            end: start.addingTimeInterval(offsetSeconds + seconds))
    }

    static let sessionID = UUID(uuidString: "00000000-0000-0000-0000-0000000000d1")!

    /// One continuous video of the whole act, start notice given.
    static func continuousVideo() -> RecordingSession {
        RecordingSession(
            id: sessionID, medium: .video, segments: [segment(0, lasting: 5400)],
            counterpartyToldRecordingStarted: true)
    }

    /// Valid values for every field of `template` (required and optional).
    static func completeValues(_ template: DocumentTemplate) -> [String: String] {
        var values: [String: String] = [:]
        for field in template.fields {
            switch field.kind {
            case .text: values[field.key] = "某某"
            case .multiline: values[field.key] = "第一行\n第二行"
            case .date: values[field.key] = "2026-11-29"
            case .dateTime: values[field.key] = "2026-11-29T09:30"
            case .number: values[field.key] = "20000"
            }
        }
        return values
    }

    /// A complete on-site inspection record.
    static func inspectionRecord() -> ActivityEvidence.Document {
        ActivityEvidence.Document(
            templateID: DocumentTemplate.onSiteInspectionRecord.id,
            values: completeValues(.onSiteInspectionRecord))
    }

    /// Evidence with a full video and a complete document: nothing to find.
    static func fullEvidence() -> ActivityEvidence {
        ActivityEvidence(sessions: [continuousVideo()], documents: [inspectionRecord()], mediaKinds: [.video])
    }

    /// Evidence with a complete document but no recording at all.
    static func textOnlyEvidence() -> ActivityEvidence {
        ActivityEvidence(documents: [inspectionRecord()])
    }

    /// Every R5 situation, including a bureau-defined (八) one.
    static let allSituations: [RecordingSituation] = RecordingSituation.listed + [.bureauDefined("夜间突击检查")]
}

// Readable names for parameterised test cases.
extension Officer: CustomTestStringConvertible {
    public var testDescription: String { name }
}

extension RecordingSituation: CustomTestStringConvertible {
    public var testDescription: String { slug }
}

extension DocumentTemplate: CustomTestStringConvertible {
    public var testDescription: String { id }
}
