import Foundation

/// 执法活动: one enforcement act — an inspection visit, an inquiry, a hearing, the service of a
/// document — with what the recording rule needs to judge it (SPEC R1, R5, R6, R7, P6).
///
/// The activity is the unit a compliance finding is about (SPEC R14). Its date, for certificate
/// validity, is the Asia/Shanghai calendar date of `startedAt` (ARCHITECTURE "Time").
public struct Activity: Hashable, Sendable, Codable, Identifiable {
    public var id: UUID
    public var caseID: UUID
    public var kind: EnforcementKind
    public var procedure: Procedure
    public var site: Site
    /// Whether the act takes place at the counterparty's premises or another site (现场执法): such
    /// an act needs two officers with certificates valid that day and the P6 checklist (SPEC P6).
    public var isOnSite: Bool
    /// The officers present, in the order the record names them.
    public var officerIDs: [UUID]
    public var startedAt: Date
    public var endedAt: Date
    /// The SPEC R5 situations that apply: each one makes full video recording mandatory.
    public var situations: Set<RecordingSituation>
    /// The SPEC R6 situations that apply: video optional.
    public var optionalSituations: Set<OptionalRecordingSituation>
    public var checklist: DisclosureChecklist
    /// Why video was not taken at a flammable/explosive site (SPEC R7). Only a high-risk site can be
    /// exempted; elsewhere this text exempts nothing.
    public var videoExemptionReason: String?

    public init(
        id: UUID = UUID(), caseID: UUID, kind: EnforcementKind, procedure: Procedure, site: Site,
        isOnSite: Bool, officerIDs: [UUID], startedAt: Date, endedAt: Date,
        situations: Set<RecordingSituation> = [], optionalSituations: Set<OptionalRecordingSituation> = [],
        checklist: DisclosureChecklist = DisclosureChecklist(), videoExemptionReason: String? = nil
    ) {
        self.id = id
        self.caseID = caseID
        self.kind = kind
        self.procedure = procedure
        self.site = site
        self.isOnSite = isOnSite
        self.officerIDs = officerIDs
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.situations = situations
        self.optionalSituations = optionalSituations
        self.checklist = checklist
        self.videoExemptionReason = videoExemptionReason
    }

    /// The Asia/Shanghai calendar date of `startedAt`: the day certificates must be valid on (SPEC P6).
    public var date: CivilDate { CivilDate(startedAt) }

    /// The exemption reason with surrounding white space removed; nil when there is none or it is
    /// blank (a blank reason is no reason, SPEC R7).
    public var statedExemptionReason: String? {
        guard let text = videoExemptionReason?.trimmingCharacters(in: .whitespacesAndNewlines),
              !text.isEmpty else { return nil }
        return text
    }

    /// Whether video may lawfully be skipped: a high-risk site with a recorded reason (SPEC R7).
    public var isExemptFromVideo: Bool { site.highRisk && statedExemptionReason != nil }
}
