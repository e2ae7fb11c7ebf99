import Foundation

/// Which records may be corrected, and how (SPEC R9.5, X3): a correction is a new record naming
/// the one it supersedes; both stay. Only electronic documents are corrected this way — a photo or
/// a clip is evidence as captured, and a new capture is uploaded with its own explanation — and
/// only the latest version, so a record's corrections form one line.
public enum RecordCorrection {
    public enum Refusal: Error, Equatable, Sendable {
        /// Not an electronic document from a known template.
        case notCorrectable
        /// A later version exists; correct that one.
        case alreadySuperseded
        /// Per field: what is missing or wrong (the template's checks, and the reason).
        case incomplete([String: String])
    }

    /// The correction of `old` with `values` for `reason`, drafted by `userID`.
    public static func corrected(
        _ old: Record, values: [String: String], reason: String, isSuperseded: Bool, by userID: UUID
    ) throws(Refusal) -> Record {
        guard old.kind == .document, let templateID = old.templateID, let template = DocumentTemplate.named(templateID) else {
            throw .notCorrectable
        }
        guard !isSuperseded else { throw .alreadySuperseded }
        var errors = template.validate(values: values)
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors["reason"] = "请填写更正原因" }
        guard errors.isEmpty else { throw .incomplete(errors) }
        var corrected = old
        corrected.id = UUID()
        corrected.documentValues = values
        corrected.supersedes = old.id
        corrected.correctionReason = reason
        corrected.createdBy = userID
        return corrected
    }
}
