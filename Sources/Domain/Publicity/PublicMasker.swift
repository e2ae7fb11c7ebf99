import Foundation

/// Applies SPEC X4 to one version's text: the one masking used by the public view, the ledger's
/// public content digest and the search index, so none of them can hold what the page hides.
struct PublicMasker {
    let isNaturalPerson: Bool
    /// (full text, masked text), longest first, to be replaced wherever they occur.
    let replacements: [(String, String)]

    init(version: PublicationVersion) {
        isNaturalPerson = version.concernsNaturalPerson
        var pairs: [(String, String)] = []
        func addIdentifier(_ raw: String?) {
            let text = DoublePublicityFields.trimmed(raw)
            if text.count >= 4 { pairs.append((text, PersonalDataMask.maskIdentityNumber(text))) }
        }
        if isNaturalPerson {
            for raw in [version.fields["counterpartyName"], version.counterparty?.name] {
                let name = DoublePublicityFields.trimmed(raw)
                // A one-character "name" would blank that character everywhere; it is masked in its field.
                if name.count >= 2 { pairs.append((name, PersonalDataMask.maskName(name))) }
            }
            addIdentifier(version.fields["idNumber"])
            addIdentifier(version.counterparty?.identifier)
        }
        addIdentifier(version.fields["legalRepresentativeIDNumber"])
        replacements = pairs.sorted { $0.0.count > $1.0.count }
    }

    /// A field's value: masked by its role, then scrubbed of personal data in free text.
    func value(_ value: String, masking: DoublePublicityField.Masking) -> String {
        switch masking {
        case .none:
            text(value)
        case .counterpartyName:
            PersonalDataMask.publicName(name: value, isNaturalPerson: isNaturalPerson)
        case .counterpartyIdentifier:
            PersonalDataMask.publicIdentifier(value, isNaturalPerson: isNaturalPerson)
        case .personalIdentifier:
            PersonalDataMask.maskIdentityNumber(value)
        }
    }

    /// Free text with every full name or identity number of a natural person replaced.
    func text(_ value: String) -> String {
        replacements.reduce(value) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }
}
