import Foundation

/// Judges whether one activity was recorded as the rules require (SPEC R4, R5, R7, P6), for
/// accountability (SPEC R14: 不记录或者不按照要求记录行政执法全过程的).
///
/// Pure: the caller supplies the activity, its officers and what was recorded. The result is
/// deterministic — findings in `ComplianceFinding.Kind` order, and within a kind in the order of
/// the bureau's lists (situations by item, officers as named, sessions and gaps in order, document
/// fields in form order, disclosure items in the bureau's order) — so reports and tests are stable.
public enum ComplianceCheck {
    /// Every finding for `activity`; empty when it was recorded as required.
    ///
    /// - SPEC R5/R7: each R5 situation — ticked by hand or given by the records
    ///   (`DerivedSituations`: (五) and (七)) — needs a video session; a high-risk site may go without
    ///   one if an exemption reason is recorded (no finding), and without the reason gets one
    ///   `exemptionWithoutReason` instead of per-situation findings. A reason on a site that is not
    ///   high-risk exempts nothing: the situations are still reported, plus `exemptionWithoutReason`.
    /// - SPEC R5 (全程), R7 (连续): the video sessions together cover the act from `startedAt` to
    ///   `endedAt`; a part longer than `coverageTolerance` with no recording is `coverageIncomplete`.
    ///   Gaps inside a session are R7's (explained, or `unexplainedGap`) and count as covered here.
    /// - SPEC R7: every session (video, audio or photo) is checked for structure, unexplained gaps
    ///   longer than `gapTolerance`, and the start-of-recording notice.
    /// - SPEC P6, for on-site acts and, wherever they happen, investigation (调查取证) and service
    ///   (送达) acts (`disclosureOccasion`): two certified officers, each officer's certificate shown,
    ///   the items `DisclosureChecklist.requiredItems(for:)` lists told, and the documents issued.
    /// - SPEC R8: every media record names a registered device held by one of the act's officers on
    ///   the capture day.
    /// - SPEC R4: a text record exists, and each document meets its template.
    public static func findings(
        activity: Activity, officers: [Officer], evidence: ActivityEvidence,
        gapTolerance: TimeInterval = RecordingSession.defaultGapTolerance,
        coverageTolerance: TimeInterval = RecordingSession.defaultCoverageTolerance
    ) -> [ComplianceFinding] {
        findings(activity: activity, officers: officers, evidence: evidence,
                 tolerances: RecordingTolerances(gap: gapTolerance, coverage: coverageTolerance))
    }

    /// The same, with both tolerances in one value (as `ServiceContext` carries them).
    public static func findings(
        activity: Activity, officers: [Officer], evidence: ActivityEvidence, tolerances: RecordingTolerances
    ) -> [ComplianceFinding] {
        let gapTolerance = tolerances.gap, coverageTolerance = tolerances.coverage
        var found: [ComplianceFinding] = []
        found += videoFindings(activity, evidence)
        found += coverageFindings(activity, evidence, tolerance: coverageTolerance)
        found += sessionFindings(activity, evidence, gapTolerance: gapTolerance)
        if let occasion = disclosureOccasion(activity, evidence) {
            found += disclosureFindings(activity, officers, occasion: occasion)
            found += issuedDocumentFindings(activity, evidence)
        }
        found += deviceFindings(activity, evidence)
        found += textFindings(activity, evidence)
        return found.enumerated()
            .sorted { ($0.element.kind.order, $0.offset) < ($1.element.kind.order, $1.offset) }
            .map(\.element)
    }

    // MARK: - SPEC R5, R7: mandatory video and its exemption

    static func videoFindings(_ activity: Activity, _ evidence: ActivityEvidence) -> [ComplianceFinding] {
        let derivations = DerivedSituations.derivations(activity, evidence)
        let situations = DerivedSituations.applicable(activity, evidence).sorted()
        guard !situations.isEmpty, !evidence.hasVideoSession else { return [] }
        /// Why a situation nobody ticked applies: `（由询问笔录（…）认定）`.
        func derivedNote(_ situation: RecordingSituation) -> String {
            guard !activity.situations.contains(situation),
                  let derivation = derivations.first(where: { $0.situation == situation }) else { return "" }
            return "（由\(derivation.because)认定）"
        }
        let reason = activity.statedExemptionReason
        if activity.site.highRisk {
            if reason != nil { return [] }  // SPEC R7: lawful exemption, recorded with its reason.
            let names = situations.map { "“\($0.chineseName)”" }.joined(separator: "、")
            return [ComplianceFinding(
                activityID: activity.id, kind: .exemptionWithoutReason,
                message: "现场属易燃易爆等高风险场所，未作视音频记录，但未记录免于录像的原因（涉及\(names)）",
                fixHint: "补记免于视音频记录的原因（全过程记录办法第七条）")]
        }
        var found = situations.map { situation in
            ComplianceFinding(
                activityID: activity.id, kind: .mandatoryVideoMissing,
                message: "“\(situation.chineseName)”属于应全程音视频记录的情形（全过程记录办法第五条\(situation.chineseItem)）"
                    + "\(derivedNote(situation))，但本次执法活动没有视音频记录",
                fixHint: evidence.mediaKinds.contains(.video)
                    ? "已有视音频资料但未登记为录制会话：请将录像片段按时间顺序登记为本次活动的录制会话"
                    : "上传本次执法活动的全程视音频记录；现场如属易燃易爆等高风险场所，更正场所性质并记录免于录像的原因",
                situation: situation)
        }
        if let reason {
            found.append(ComplianceFinding(
                activityID: activity.id, kind: .exemptionWithoutReason,
                message: "现场不属于易燃易爆等高风险场所，所填免于录像的原因“\(reason)”不能免除全程音视频记录",
                fixHint: "如现场确属易燃易爆等高风险场所，更正场所性质；否则须有全程视音频记录"))
        }
        return found
    }

    // MARK: - SPEC R5, R7: the whole act covered

    /// SPEC R5 (全程音视频记录) and R7 (对某一执法活动连续记录): when a situation makes video
    /// mandatory and video exists, the video sessions must cover the act from its start to its end.
    /// Each part of the act longer than `tolerance` with no video is one finding naming the part.
    static func coverageFindings(
        _ activity: Activity, _ evidence: ActivityEvidence, tolerance: TimeInterval
    ) -> [ComplianceFinding] {
        guard evidence.hasVideoSession, !activity.isExemptFromVideo,
              !DerivedSituations.applicable(activity, evidence).isEmpty else { return [] }
        let video = evidence.sessions.filter { $0.medium == .video && !$0.segments.isEmpty }
        let spans = RecordingCoverage.uncovered(
            from: activity.startedAt, to: activity.endedAt, by: video, tolerance: tolerance)
        let act = "\(ShanghaiTime.chinese(activity.startedAt))至\(ShanghaiTime.chinese(activity.endedAt))"
        let none = RecordingCoverage.covered(from: activity.startedAt, to: activity.endedAt, by: video) == 0
        return spans.map { span in
            ComplianceFinding(
                activityID: activity.id, kind: .coverageIncomplete,
                message: none
                    ? "视音频记录的拍摄时间均不在执法活动时间（\(act)）内，执法全程没有录像"
                    : "执法活动（\(act)）中\(ShanghaiTime.chinese(span.start))至\(ShanghaiTime.chinese(span.end))"
                        + "（\(chineseDuration(span.duration))）没有视音频记录，未做到全程连续记录",
                fixHint: "登记覆盖该时段的录像片段；录像确有中断的，在录制会话中说明中断原因（全过程记录办法第七条）；"
                    + "活动起止时间填错的，核实后更正")
        }
    }

    // MARK: - SPEC R7: continuity and notice

    static func sessionFindings(
        _ activity: Activity, _ evidence: ActivityEvidence, gapTolerance: TimeInterval
    ) -> [ComplianceFinding] {
        var found: [ComplianceFinding] = []
        for (number, session) in zip(1..., evidence.sessions) {
            let name = "第\(number)个\(session.medium.chineseName)录制会话"
            for problem in session.problems() {
                found.append(ComplianceFinding(
                    activityID: activity.id, kind: .recordingSessionInvalid,
                    message: "\(name)：\(problem.description)",
                    fixHint: "核对各录像片段的拍摄起止时间和中断说明",
                    sessionID: session.id))
            }
            for gap in session.unexplainedGaps(tolerance: gapTolerance) {
                found.append(ComplianceFinding(
                    activityID: activity.id, kind: .unexplainedGap,
                    message: "\(name)第\(gap.afterSegment + 1)段与第\(gap.afterSegment + 2)段之间中断"
                        + "\(chineseDuration(gap.duration))（\(ShanghaiTime.chinese(gap.start))至"
                        + "\(ShanghaiTime.chinese(gap.end))），未说明中断原因",
                    fixHint: "在录像中说明中断原因；因客观原因无法在录像中说明的，事后提交书面说明",
                    sessionID: session.id, segmentIndex: gap.afterSegment))
            }
            if !session.counterpartyToldRecordingStarted {
                found.append(ComplianceFinding(
                    activityID: activity.id, kind: .noStartNotice,
                    message: "\(name)未记录开始录制时已告知行政相对人",
                    fixHint: "开始录制时应告知行政相对人，并在录像中留下告知的内容",
                    sessionID: session.id))
            }
        }
        return found
    }

    // MARK: - SPEC P6: officers, certificates, what was told

    /// Why SPEC P6 applies to the act, as the Chinese name of the occasion, or nil when it does not:
    /// an on-site act (现场执法); else, wherever it happens, an investigation (调查取证: an inquiry
    /// record among its documents, or an inquiry after filing or evidence preservation ticked) or a service of documents (送达: a service receipt, or a service by leaving
    /// or announcement ticked). Officers must show certificates and tell rights there too (公示办法 六).
    public static func disclosureOccasion(_ activity: Activity, _ evidence: ActivityEvidence) -> String? {
        if activity.isOnSite { return "现场执法" }
        let templates = Set(evidence.documents.map(\.templateID))
        if templates.contains(DocumentTemplate.inquiryRecord.id)
            || activity.situations.contains(.inquiryAfterFiling)
            || activity.situations.contains(.coerciveMeasureOrEvidencePreservation) {
            return "调查取证"
        }
        if templates.contains(DocumentTemplate.serviceReceipt.id)
            || activity.situations.contains(.serviceByLeavingOrAnnouncement) {
            return "送达"
        }
        return nil
    }

    static func disclosureFindings(_ activity: Activity, _ officers: [Officer], occasion: String = "现场执法") -> [ComplianceFinding] {
        var found: [ComplianceFinding] = []
        let byID = Dictionary(officers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<UUID> = []
        let present = activity.officerIDs.filter { seen.insert($0).inserted }
        let date = activity.date
        func name(_ id: UUID) -> String { byID[id]?.name ?? "（编号 \(id.uuidString.lowercased())）" }

        let certified = present.filter { byID[$0]?.validCertificate(on: date) != nil }
        if certified.count < ActivityRules.minimumOnSiteOfficers {
            var message = "\(occasion)须有至少两名持\(date.chinese)有效执法证的执法人员，本次仅\(certified.count)名"
            let uncertified = present.filter { !certified.contains($0) }
            if !uncertified.isEmpty {
                message += "；" + uncertified.map { id in
                    byID[id] == nil ? "执法人员\(name(id))不存在" : "\(name(id))没有当日有效的执法证"
                }.joined(separator: "；")
            }
            found.append(ComplianceFinding(
                activityID: activity.id, kind: .tooFewCertifiedOfficers, message: message,
                fixHint: "核实执法人员名单及执法证有效期；不足两名持证执法人员的，不得实施\(occasion)"))
        }

        let shown = Set(activity.checklist.certificatesShownBy)
        for id in present where !shown.contains(id) {
            found.append(ComplianceFinding(
                activityID: activity.id, kind: .certificatesNotShown,
                message: "未记录执法人员\(name(id))出示执法证件",
                fixHint: "执法人员应主动出示执法证件、亮明身份，并在记录中注明已出示",
                officerID: id))
        }

        for item in activity.checklist.itemsNotTold(for: activity.kind) {
            found.append(ComplianceFinding(
                activityID: activity.id, kind: .rightsNotTold,
                message: "未记录已告知行政相对人\(item.chineseName)（\(activity.kind.chineseName)）",
                fixHint: "向行政相对人告知\(item.chineseName)，并在记录中注明已告知",
                disclosureItem: item))
        }
        return found
    }

    // MARK: - SPEC P6: documents issued

    /// Templates whose document is handed to the counterparty (出具执法文书), so an act that has
    /// one among its records issued it; a service receipt means a document was served.
    public static let issuedTemplateIDs: Set<String> = [
        DocumentTemplate.rectificationOrder.id, DocumentTemplate.penaltyNotice.id,
        DocumentTemplate.penaltyDecision.id, DocumentTemplate.serviceReceipt.id,
    ]

    /// SPEC P6 "which documents were issued": the record names the documents issued, and each one
    /// it names is among the act's records. Why the limits: a name can be checked only against
    /// electronic documents, so when the act has a scanned paper record (which may be the document)
    /// or no text record at all (already `textRecordMissing`), names are not checked one by one.
    static func issuedDocumentFindings(_ activity: Activity, _ evidence: ActivityEvidence) -> [ComplianceFinding] {
        var found: [ComplianceFinding] = []
        let names = activity.checklist.documentsIssued
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if names.isEmpty {
            let issued = evidence.documents.filter { issuedTemplateIDs.contains($0.templateID) }
            if let first = issued.first {
                let titles = issued.compactMap { DocumentTemplate.named($0.templateID).map { "《\($0.title)》" } }
                found.append(ComplianceFinding(
                    activityID: activity.id, kind: .documentsIssuedNotRecorded,
                    message: "本次执法活动的记录中有\(Array(Set(titles)).sorted().joined(separator: "、"))，但未记录向行政相对人出具了哪些执法文书",
                    fixHint: "在执法活动记录的“出具文书”中填写出具的文书名称及文号",
                    templateID: first.templateID, recordID: first.recordID))
            }
            return found
        }
        guard evidence.scannedPaperRecords == 0, !evidence.documents.isEmpty else { return found }
        for name in names where !evidence.documents.contains(where: { matches(name, $0) }) {
            found.append(ComplianceFinding(
                activityID: activity.id, kind: .issuedDocumentNotFound,
                message: "记录称已出具“\(name)”，但本次执法活动的记录中没有该文书",
                fixHint: "录入所出具文书的电子文书或上传其扫描件；名称填错的，核实后更正"))
        }
        return found
    }

    /// Whether the issued-document name `name` names `document`: it contains the template's title
    /// or the document's number (文书编号), or, for a service receipt, names the served document.
    static func matches(_ name: String, _ document: ActivityEvidence.Document) -> Bool {
        func plain(_ text: String) -> String {
            String(text.unicodeScalars.filter {
                !CharacterSet.whitespacesAndNewlines.contains($0) && !"《》<>\u{201C}\u{201D}\"".unicodeScalars.contains($0)
            }.map(Character.init))
        }
        let wanted = plain(name)
        guard !wanted.isEmpty else { return false }
        if let template = DocumentTemplate.named(document.templateID), wanted.contains(plain(template.title)) { return true }
        for key in ["documentNumber", "documentNameAndNumber"] {
            let value = plain(document.values[key] ?? "")
            if !value.isEmpty, wanted.contains(value) || value.contains(wanted) { return true }
        }
        return false
    }

    // MARK: - SPEC R8: devices

    /// SPEC R8 "each media record names its device": every current photo, audio or video record
    /// names a registered device that one of the act's officers held on the capture day (the
    /// Asia/Shanghai date of its capture start, else of the act's start).
    static func deviceFindings(_ activity: Activity, _ evidence: ActivityEvidence) -> [ComplianceFinding] {
        var found: [ComplianceFinding] = []
        let officers = Set(activity.officerIDs)
        for record in evidence.mediaRecords {
            let captured = record.captureStart ?? activity.startedAt
            let name = "\(Record.Kind(record.medium).chineseName)记录（拍摄于\(ShanghaiTime.chinese(captured))）"
            guard let deviceID = record.deviceID else {
                found.append(ComplianceFinding(
                    activityID: activity.id, kind: .deviceNotNamed,
                    message: "\(name)未注明记录设备",
                    fixHint: "媒体记录应注明所用执法记录仪等设备（全过程记录办法第八条）；补传时填写设备",
                    recordID: record.recordID))
                continue
            }
            guard let device = evidence.devices[deviceID] else {
                found.append(ComplianceFinding(
                    activityID: activity.id, kind: .deviceNotAssigned,
                    message: "\(name)所注明的记录设备未登记",
                    fixHint: "由办公室登记该设备并配发给执法人员", recordID: record.recordID, deviceID: deviceID))
                continue
            }
            let day = CivilDate(captured)
            if device.holders(on: day).isDisjoint(with: officers) {
                found.append(ComplianceFinding(
                    activityID: activity.id, kind: .deviceNotAssigned,
                    message: "\(name)所用记录设备（编号\(device.serial)）\(day.chinese)未配发给本次执法活动的执法人员",
                    fixHint: "核实设备领用登记；设备已配发而未登记的，由办公室补登配发记录",
                    recordID: record.recordID, deviceID: deviceID))
            }
        }
        return found
    }

    // MARK: - SPEC R4: text records

    static func textFindings(_ activity: Activity, _ evidence: ActivityEvidence) -> [ComplianceFinding] {
        var found: [ComplianceFinding] = []
        if !evidence.hasTextRecord {
            found.append(ComplianceFinding(
                activityID: activity.id, kind: .textRecordMissing,
                message: "本次执法活动没有文字记录（电子文书或纸质文书扫描件）",
                fixHint: "文字记录是全过程记录的基本形式：录入执法文书或上传纸质文书扫描件"))
        }
        for document in evidence.documents {
            guard let template = DocumentTemplate.named(document.templateID) else {
                found.append(ComplianceFinding(
                    activityID: activity.id, kind: .documentInvalid,
                    message: "文书式样“\(document.templateID)”不存在，无法核对",
                    fixHint: "按统一文书格式选择文书式样",
                    templateID: document.templateID, recordID: document.recordID))
                continue
            }
            for problem in template.problems(values: document.values) {
                let isEmpty = problem.reason == .requiredEmpty
                found.append(ComplianceFinding(
                    activityID: activity.id, kind: isEmpty ? .requiredFieldEmpty : .documentInvalid,
                    message: "《\(template.title)》：\(problem.message)",
                    fixHint: isEmpty ? "补全文书必填项" : "按统一文书格式更正该项",
                    templateID: template.id, fieldKey: problem.key, recordID: document.recordID))
            }
        }
        return found
    }

    /// `3分20秒`, `1小时5分0秒`.
    static func chineseDuration(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded(.down))
        let hours = whole / 3600, minutes = whole % 3600 / 60, rest = whole % 60
        if hours > 0 { return "\(hours)小时\(minutes)分\(rest)秒" }
        if minutes > 0 { return "\(minutes)分\(rest)秒" }
        return "\(rest)秒"
    }
}
