import Domain
import Foundation
import Testing

// SPEC P5, P7: the kinds of publication, their stage, slugs and Chinese names; SPEC P3: which kinds
// are the legal section's alone.

@Suite("PublicationKind — SPEC P5/P7 kinds of publication")
struct PublicationKindTests {
    @Test("SPEC P5, P7: five before-enforcement and five after-enforcement kinds, with stable slugs")
    func stagesAndSlugs() {
        let before = PublicationKind.allCases.filter { $0.stage == .before }
        let after = PublicationKind.allCases.filter { $0.stage == .after }
        #expect(before == [.powerItem, .serviceGuide, .powersAndDutiesEntry, .randomInspectionItem, .officerCertificate])
        #expect(after == [.penaltyDecision, .coercionDecision, .licensingDecision, .randomInspectionResult, .yearlyFigures])
        #expect(PublicationKind.allCases.map(\.rawValue) == [
            "power-item", "service-guide", "powers-and-duties-entry", "random-inspection-item", "officer-certificate",
            "penalty-decision", "coercion-decision", "licensing-decision", "random-inspection-result", "yearly-figures",
        ])
        #expect(PublicationKind.penaltyDecision.chineseName == "行政处罚决定")
        #expect(PublicationKind.randomInspectionResult.chineseName == "“双随机、一公开”抽查结果")
        #expect(PublicationStage.before.chineseName == "事前公示")
    }

    @Test("SPEC P2: only penalty and licensing decisions carry a 双公示 field set")
    func doublePublicity() {
        #expect(PublicationKind.allCases.filter { $0.doublePublicityFields != nil } == [.penaltyDecision, .licensingDecision])
        #expect(PublicationKind.penaltyDecision.doublePublicityFields == .penalty)
        #expect(PublicationKind.licensingDecision.doublePublicityFields == .licensing)
    }

    @Test("SPEC P3: before-enforcement items and the yearly figures belong to the legal section")
    func legalSectionOnly() {
        #expect(PublicationKind.allCases.filter(\.isLegalSectionOnly) == [
            .powerItem, .serviceGuide, .powersAndDutiesEntry, .randomInspectionItem, .officerCertificate, .yearlyFigures,
        ])
    }
}
