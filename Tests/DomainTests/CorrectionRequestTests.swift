import Domain
import Foundation
import Testing

/// The public correction form's rules (SPEC P9.2; issue 5 item 7).
@Suite struct CorrectionRequestTests {
    let received = PublicityFixtures.shanghai("2026-11-30")

    @Test("every field is checked, with a Chinese sentence per field")
    func validation() {
        let result = CorrectionRequest.make(
            publicationID: nil, publicationReference: " ", requesterName: "", contact: "123",
            description: "短", attachment: nil, receivedAt: received)
        guard case .failure(let problems) = result else {
            Issue.record("expected problems")
            return
        }
        #expect(Set(problems.byField.keys) == ["name", "contact", "publication", "description"])
        let tooLong = CorrectionRequest.make(
            publicationID: UUID(), publicationReference: "x", requesterName: "张三", contact: "13800000000",
            description: String(repeating: "错", count: CorrectionRequest.maxDescriptionLength + 1), attachment: nil, receivedAt: received)
        #expect((try? tooLong.get()) == nil)
    }

    @Test("a receipt number names the day and uses no look-alike characters; the contact must match")
    func receiptAndContact() throws {
        var generator = SeededGenerator(seed: 7)
        let receipt = CorrectionRequest.makeReceipt(on: PublicityFixtures.day("2026-11-30"), using: &generator)
        #expect(receipt.hasPrefix("GZ20261130-") && receipt.count == 17)
        #expect(!receipt.dropFirst(11).contains { "01ILO".contains($0) })
        let request = try CorrectionRequest.make(
            publicationID: UUID(), publicationReference: "普应急罚〔2026〕12号", requesterName: "张三", contact: "138-0000 0000",
            description: "罚款金额有误", attachment: nil, receivedAt: received).get()
        #expect(request.matchesContact("13800000000"))
        #expect(!request.matchesContact("13900000000"))
        #expect(!(try DomainEvents.correctionRequestReceived(request, at: received).canonicalBytes.contains(Array("张三".utf8))))
    }
}

/// A small deterministic generator (SplitMix64) so receipt tests can pin their output.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("CorrectionIntakeLimits — the public form's limits (issue 12 item 9)")
struct CorrectionIntakeLimitsTests {
    let limits = CorrectionIntakeLimits(perClientPerHour: 5, perDay: 200)

    @Test("under both limits a request is taken; the client's limit is named before the day's")
    func refusals() {
        #expect(limits.refusal(fromClientInLastHour: 4, today: 199) == nil)
        #expect(limits.refusal(fromClientInLastHour: 5, today: 0) == .clientLimit)
        #expect(limits.refusal(fromClientInLastHour: 0, today: 200) == .dailyLimit)
        #expect(limits.refusal(fromClientInLastHour: 5, today: 200) == .clientLimit)
    }
}
