import Foundation

/// The SPEC R5 situations that follow from the records themselves, so that no officer has to tick
/// them and none can be forgotten (issue 13 item 6).
///
/// - (五) 立案后对相关行政相对人制作询问笔录 (全过程记录办法 第五条（五）): an inquiry record (询问笔录)
///   whose inquiry started on or after the case's filing date (立案日期). The filing date is a day,
///   not an instant, so an inquiry on the filing day itself counts as after filing: the bureau
///   cannot show it came first, and the reading that keeps the video is the safe one. The inquiry
///   day is the Asia/Shanghai date of the record's 询问时间（起）, or of the act's start when that
///   field is blank or malformed.
/// - (七) 留置送达或公告送达等送达方式 (第五条（七）): a service receipt (送达回证) whose 送达方式 names
///   留置送达 or 公告送达 (the words 留置 or 公告 anywhere in the field).
///
/// The other items need a judgement the records do not hold (a dispute, a danger, a major hazard),
/// so officers still tick them by hand; a hand tick and a derived one are the same situation.
public enum DerivedSituations {
    /// One situation and the record it follows from.
    public struct Derivation: Hashable, Sendable {
        public var situation: RecordingSituation
        /// The text record (document) it follows from, when stored.
        public var recordID: UUID?
        /// Why, in Chinese, for a finding's message: `询问笔录（询问日期2026年12月5日，立案日期2026年12月1日）`.
        public var because: String

        public init(situation: RecordingSituation, recordID: UUID?, because: String) {
            self.situation = situation
            self.recordID = recordID
            self.because = because
        }
    }

    /// Every derivation, in document order (one per document that gives a situation).
    public static func derivations(_ activity: Activity, _ evidence: ActivityEvidence) -> [Derivation] {
        evidence.documents.compactMap { document in
            switch document.templateID {
            case DocumentTemplate.inquiryRecord.id:
                guard let filedOn = evidence.caseFiledOn else { return nil }
                let start = document.values["inquiryStart"].flatMap(DocumentTemplate.parseDateTime) ?? activity.startedAt
                let day = CivilDate(start)
                guard day >= filedOn else { return nil }
                return Derivation(
                    situation: .inquiryAfterFiling, recordID: document.recordID,
                    because: "询问笔录（询问日期\(day.chinese)，立案日期\(filedOn.chinese)）")
            case DocumentTemplate.serviceReceipt.id:
                let method = document.values["serviceMethod"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                guard isLeavingOrAnnouncement(method) else { return nil }
                return Derivation(
                    situation: .serviceByLeavingOrAnnouncement, recordID: document.recordID,
                    because: "送达回证（送达方式：\(method)）")
            default:
                return nil
            }
        }
    }

    /// Whether a 送达方式 is 留置送达 or 公告送达 (SPEC R5 (七)).
    public static func isLeavingOrAnnouncement(_ method: String) -> Bool {
        method.contains("留置") || method.contains("公告")
    }

    /// The situations that apply to the act: those ticked by hand and those the records give.
    public static func applicable(_ activity: Activity, _ evidence: ActivityEvidence) -> Set<RecordingSituation> {
        activity.situations.union(derivations(activity, evidence).map(\.situation))
    }
}
