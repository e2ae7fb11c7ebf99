import Domain
import Foundation
import Testing

/// SPEC R9.5, X3: which records may be corrected, and what a correction is.
@Suite struct RecordCorrectionTests {
    static let template = DocumentTemplate.named("inquiry-record")!

    static func completeValues() -> [String: String] {
        var values: [String: String] = [:]
        for field in template.fields where field.required {
            values[field.key] = switch field.kind {
            case .date: "2026-11-20"
            case .dateTime: "2026-11-20T09:00"
            case .number: "1"
            default: "询问内容"
            }
        }
        return values
    }

    static func record(_ kind: Record.Kind, templateID: String? = "inquiry-record") -> Record {
        Record(activityID: UUID(), caseID: UUID(), counterpartyID: UUID(), kind: kind, templateID: templateID,
               documentValues: kind == .document ? completeValues() : nil, createdBy: UUID())
    }

    @Test func aDocumentCorrectionIsANewRecordNamingTheOld() throws {
        let old = Self.record(.document)
        var values = Self.completeValues()
        values["transcript"] = "问：你单位是否对新员工进行了安全培训？答：没有。"
        let corrector = UUID()

        let corrected = try RecordCorrection.corrected(old, values: values, reason: "笔录漏记一问一答", isSuperseded: false, by: corrector)

        #expect(corrected.id != old.id)
        #expect(corrected.supersedes == old.id)
        #expect(corrected.documentValues == values)
        #expect(corrected.correctionReason == "笔录漏记一问一答")
        #expect(corrected.createdBy == corrector)
        #expect(corrected.activityID == old.activityID)
    }

    @Test func mediaAndSupersededRecordsAndBlankReasonsAreRefused() {
        #expect(throws: RecordCorrection.Refusal.notCorrectable) {
            try RecordCorrection.corrected(Self.record(.video, templateID: nil), values: [:], reason: "重拍", isSuperseded: false, by: UUID())
        }
        #expect(throws: RecordCorrection.Refusal.alreadySuperseded) {
            try RecordCorrection.corrected(Self.record(.document), values: Self.completeValues(), reason: "更正", isSuperseded: true, by: UUID())
        }
        var missing = Self.completeValues()
        missing["intervieweeName"] = nil
        do {
            _ = try RecordCorrection.corrected(Self.record(.document), values: missing, reason: "  ", isSuperseded: false, by: UUID())
            Issue.record("expected a refusal")
        } catch {
            guard case .incomplete(let errors) = error else { Issue.record("unexpected \(error)"); return }
            #expect(Set(errors.keys) == ["intervieweeName", "reason"])
        }
    }
}
