import Foundation

/// The content of an officer's certificate publication (SPEC P5: officers' names, units, certificate
/// numbers, scope of enforcement), generated from the officer record so that it is never typed twice
/// and a change of the record can be published as a new version (SPEC P8 (三)).
public enum OfficerCertificateDraft {
    /// Title and fields, with the officer's id in `officerId` to tie the item to the record. Only
    /// certificates valid on `today` are listed: an expired one must not look current.
    public static func fields(officer: Officer, unitName: String, today: CivilDate) -> (title: String, fields: [String: String]) {
        let valid = officer.certificates.filter { $0.validFrom <= today && today <= $0.validTo }
        var fields = [
            "officerId": officer.id.uuidString.lowercased(),
            "姓名": officer.name,
            "所在单位": unitName,
        ]
        if !valid.isEmpty {
            fields["执法证号"] = valid.map(\.number).joined(separator: "；")
            fields["发证机关"] = Array(Set(valid.map(\.issuer))).sorted().joined(separator: "；")
            fields["执法范围"] = Array(Set(valid.map(\.scope))).sorted().joined(separator: "；")
            fields["有效期"] = valid.map { "\($0.validFrom.chinese)至\($0.validTo.chinese)" }.joined(separator: "；")
        } else {
            fields["执法证号"] = "无有效执法证件"
        }
        return ("\(officer.name) 执法人员及执法证", fields)
    }
}
