import Domain
import Foundation
import Testing

// Issue 15 item 1 (SPEC P7.3): the draw anyone can recompute; docs/double-random.md.

@Suite struct VerifiableDrawTests {
    static let objects = [
        ("91310107MA1G000017", "上海甲化工有限公司"), ("91310107MA1G000025", "上海乙贸易有限公司"),
        ("91310107MA1G000033", "上海丙仓储有限公司"), ("91310107MA1G000041", "上海丁物流有限公司"),
        ("91310107MA1G00005X", "上海戊加油站"), ("91310107MA1G000068", "上海己燃气有限公司"),
        ("91310107MA1G000076", "上海庚涂料有限公司"),
    ].map { DrawPoolEntry(key: $0.0, label: $0.1) }
    static let officers = [("o-1", "张三 31000000001"), ("o-2", "李四 31000000002"), ("o-3", "王五 31000000003"), ("o-4", "赵六 31000000004")]
        .map { DrawPoolEntry(key: $0.0, label: $0.1) }

    /// The specification of `/tmp/spec1.json` in the commit that added this test, whose result
    /// `scripts/draw_algorithm.py` (the independent Python implementation) printed.
    static func specification(objects: [DrawPoolEntry] = objects, parties: [DrawPartyCommitment]? = nil) -> DrawSpecification {
        DrawSpecification(
            purpose: .randomInspection, title: "2026年第四季度危险化学品经营单位抽查",
            pools: [DrawPool(name: "objects", entries: objects, count: 3), DrawPool(name: "officers", entries: officers, count: 0)],
            assignments: [DrawAssignment(pool: "officers", to: "objects", each: 2, exclusions: [
                DrawExclusion(entry: "o-2", target: "91310107MA1G000033"), DrawExclusion(entry: "o-1", target: "91310107MA1G000033"),
            ])],
            parties: parties ?? [DrawPartyCommitment(party: "法制宣传科", secretSHA256: "aaaa"), DrawPartyCommitment(party: "区司法局监督员", secretSHA256: "bbbb")],
            publicValueSource: "2026年12月8日 福利彩票3D开奖号码", context: ["unit": "执法大队"])
    }

    @Test func theSwiftDrawMatchesTheIndependentPythonImplementation() throws {
        let outcome = try VerifiableDraw.run(Self.specification(), secrets: ["secret-one-123", "第二方的密文ABC"], publicValue: "427")
        #expect(outcome.commitment == "c6586fdd3f50769c8d8fd68b2fc5c6965bfae11530d6cd3c6c4dfb49528287e8")
        #expect(outcome.seed == "0662a6e52f6035143c50d72b6bffffdfabf3257fb7357980faf3959651995c40")
        #expect(outcome.selected["objects"]?.map(\.key) == ["91310107MA1G000076", "91310107MA1G000068", "91310107MA1G00005X"])
        #expect(outcome.assigned["officers"]?["91310107MA1G00005X"]?.map(\.key) == ["o-2", "o-4"])
        #expect(outcome.assigned["officers"]?["91310107MA1G000068"]?.map(\.key) == ["o-1", "o-4"])
        #expect(outcome.assigned["officers"]?["91310107MA1G000076"]?.map(\.key) == ["o-1", "o-2"])
    }

    @Test func theOrderAPoolWasTypedInDoesNotMatterButItsContentDoes() throws {
        let secrets = ["secret-one-123", "第二方的密文ABC"]
        let base = try VerifiableDraw.run(Self.specification(), secrets: secrets, publicValue: "427")
        let shuffled = try VerifiableDraw.run(Self.specification(objects: Self.objects.reversed()), secrets: secrets, publicValue: "427")
        #expect(shuffled == base)
        var changed = Self.objects
        changed[2] = DrawPoolEntry(key: "91310107MA1G000092", label: "上海辛化工有限公司")
        let other = try VerifiableDraw.run(Self.specification(objects: changed), secrets: secrets, publicValue: "427")
        #expect(other.commitment != base.commitment)
        #expect(other.seed != base.seed)
        let otherSecret = try VerifiableDraw.run(Self.specification(), secrets: ["secret-one-124", "第二方的密文ABC"], publicValue: "427")
        #expect(otherSecret.seed != base.seed)
    }

    @Test func anExcludedOfficerIsNeverAssignedToThatObject() throws {
        // Draw every object, many times over with different secrets: o-1 and o-2 never go to 丙.
        for round in 0..<200 {
            var specification = Self.specification()
            specification.pools[0].count = Self.objects.count
            let outcome = try VerifiableDraw.run(specification, secrets: ["round-\(round)-aaaa", "witness-bbbb"], publicValue: nil)
            let team = try #require(outcome.assigned["officers"]?["91310107MA1G000033"]).map(\.key)
            #expect(Set(team) == ["o-3", "o-4"])
            for (_, members) in try #require(outcome.assigned["officers"]) {
                #expect(members.count == 2 && Set(members.map(\.key)).count == 2)
            }
        }
    }

    @Test func selectionIsUniformEnough() {
        // 7 positions, first pick, 7,000 seeds: each about 1,000 times (a biased draw would show).
        var counts = [Int](repeating: 0, count: 7)
        for n in 0..<7_000 {
            let seed = Array(withUnsafeBytes(of: UInt64(n).bigEndian) { Array($0) }) + [UInt8](repeating: 7, count: 24)
            counts[VerifiableDraw.select(count: 1, from: 7, seed: seed, label: "pool:x")[0]] += 1
        }
        #expect(counts.allSatisfy { (850...1_150).contains($0) }, "\(counts)")
        let all = VerifiableDraw.select(count: 7, from: 7, seed: [UInt8](repeating: 1, count: 32), label: "pool:x")
        #expect(all.sorted() == Array(0..<7))
    }

    @Test func badDrawsAreRefusedWithTheReason() {
        func refusal(_ change: (inout DrawSpecification) -> Void) -> DrawError? {
            var specification = Self.specification(parties: [
                DrawPartyCommitment(party: "法制宣传科", secretSHA256: VerifiableDraw.secretDigest("secret-one-123")),
                DrawPartyCommitment(party: "区司法局监督员", secretSHA256: VerifiableDraw.secretDigest("第二方的密文ABC")),
            ])
            change(&specification)
            do { try specification.validate(); return nil } catch { return error }
        }
        #expect(refusal { _ in } == nil)
        #expect(refusal { $0.pools[0].entries = [] } == .poolEmpty("objects"))
        #expect(refusal { $0.pools[0].count = 8 } == .countOutOfRange(pool: "objects", count: 8, size: 7))
        #expect(refusal { $0.pools[0].count = 0 } == .nothingToDraw)
        #expect(refusal { $0.parties.removeLast() } == .tooFewParties)
        #expect(refusal { $0.parties[1].party = "法制宣传科" } == .partyRepeated("法制宣传科"))
        #expect(refusal { $0.parties[0].secretSHA256 = "abc" } == .secretDigestInvalid(party: "法制宣传科"))
        #expect(refusal { $0.pools[0].entries.append(Self.objects[0]) } == .entryRepeated(pool: "objects", key: "91310107MA1G000017"))
        // Only two officers in the pool and one of them related to 丙: fewer than two eligible.
        #expect(refusal { $0.pools[1].entries = Array(Self.officers.prefix(2)) }
            == .tooFewEligible(target: "上海丙仓储有限公司", eligible: 0, needed: 2))
        #expect(refusal { $0.pools[1].entries = [Self.officers[3]]; $0.assignments[0].exclusions = [] }
            == .tooFewEligible(target: "上海甲化工有限公司", eligible: 1, needed: 2))
    }

    @Test func aRevealMustMatchItsCommitment() throws {
        let party = DrawPartyCommitment(party: "区司法局监督员", secretSHA256: VerifiableDraw.secretDigest("第二方的密文ABC"))
        try VerifiableDraw.checkReveal("第二方的密文ABC", against: party)
        #expect(throws: DrawError.secretMismatch(party: "区司法局监督员")) { try VerifiableDraw.checkReveal("第二方的密文ABD", against: party) }
        #expect(throws: DrawError.secretTooShort) { try VerifiableDraw.checkReveal("short", against: party) }
    }

    @Test func thePublishedSpecificationReadsBackToTheSameCommitment() throws {
        let specification = Self.specification()
        let decoded = try DrawSpecification.decode(try specification.canonicalBytes())
        #expect(try decoded.commitment() == specification.commitment())
    }
}
