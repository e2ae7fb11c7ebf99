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
    /// - SPEC R5/R7: each R5 situation needs a video session; a high-risk site may go without one if
    ///   an exemption reason is recorded (no finding), and without the reason gets one
    ///   `exemptionWithoutReason` instead of per-situation findings. A reason on a site that is not
    ///   high-risk exempts nothing: the situations are still reported, plus `exemptionWithoutReason`.
    /// - SPEC R7: every session (video, audio or photo) is checked for structure, unexplained gaps
    ///   longer than `gapTolerance`, and the start-of-recording notice.
    /// - SPEC P6, for on-site acts: two certified officers, each officer's certificate shown, and
    ///   the items `DisclosureChecklist.requiredItems(for:)` lists told.
    /// - SPEC R4: a text record exists, and each document meets its template.
    public static func findings(
        activity: Activity, officers: [Officer], evidence: ActivityEvidence,
        gapTolerance: TimeInterval = RecordingSession.defaultGapTolerance
    ) -> [ComplianceFinding] {
        var found: [ComplianceFinding] = []
        found += videoFindings(activity, evidence)
        found += sessionFindings(activity, evidence, gapTolerance: gapTolerance)
        if activity.isOnSite { found += disclosureFindings(activity, officers) }
        found += textFindings(activity, evidence)
        return found.enumerated()
            .sorted { ($0.element.kind.order, $0.offset) < ($1.element.kind.order, $1.offset) }
            .map(\.element)
    }

    // MARK: - SPEC R5, R7: mandatory video and its exemption

    static func videoFindings(_ activity: Activity, _ evidence: ActivityEvidence) -> [ComplianceFinding] {
        let situations = activity.situations.sorted()
        guard !situations.isEmpty, !evidence.hasVideoSession else { return [] }
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
                message: "“\(situation.chineseName)”属于应全程音视频记录的情形（全过程记录办法第五条\(situation.chineseItem)），"
                    + "但本次执法活动没有视音频记录",
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

    static func disclosureFindings(_ activity: Activity, _ officers: [Officer]) -> [ComplianceFinding] {
        var found: [ComplianceFinding] = []
        let byID = Dictionary(officers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<UUID> = []
        let present = activity.officerIDs.filter { seen.insert($0).inserted }
        let date = activity.date
        func name(_ id: UUID) -> String { byID[id]?.name ?? "（编号 \(id.uuidString.lowercased())）" }

        let certified = present.filter { byID[$0]?.validCertificate(on: date) != nil }
        if certified.count < ActivityRules.minimumOnSiteOfficers {
            var message = "现场执法须有至少两名持\(date.chinese)有效执法证的执法人员，本次仅\(certified.count)名"
            let uncertified = present.filter { !certified.contains($0) }
            if !uncertified.isEmpty {
                message += "；" + uncertified.map { id in
                    byID[id] == nil ? "执法人员\(name(id))不存在" : "\(name(id))没有当日有效的执法证"
                }.joined(separator: "；")
            }
            found.append(ComplianceFinding(
                activityID: activity.id, kind: .tooFewCertifiedOfficers, message: message,
                fixHint: "核实执法人员名单及执法证有效期；不足两名持证执法人员的，不得实施现场执法"))
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
