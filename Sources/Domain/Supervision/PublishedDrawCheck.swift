import Crypto
import Foundation
import Ledger

/// Recomputes a draw from its published data alone (`/draws/{id}/draw.json`; SPEC P7.3; issue 15
/// "a draw anyone can recompute"): the specification's SHA-256 is the commitment, each revealed
/// secret hashes to its party's committed digest, and the algorithm run on them gives the
/// published outcome. `lawtrail draw verify` prints this report; `scripts/draw-verify.py` is the
/// independent Python check of the same data.
public struct PublishedDrawCheck: Sendable {
    public let commitment: String
    public let commitmentMatches: Bool
    /// Parties whose revealed secret does not hash to their committed digest (or is unknown).
    public let badReveals: [String]
    /// Parties that have not revealed yet.
    public let missingReveals: [String]
    /// The recomputed outcome, when every party revealed.
    public let recomputed: DrawOutcome?
    /// Whether the published outcome equals the recomputed one; nil when none is published.
    public let outcomeMatches: Bool?

    /// Nothing published contradicts the commitment. (A draw not yet run is valid so far.)
    public var isValid: Bool { commitmentMatches && badReveals.isEmpty && outcomeMatches != false }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed(String)

        public var description: String {
            switch self {
            case .malformed(let what): "公开数据格式不对：\(what)"
            }
        }
    }

    public static func check(_ bytes: [UInt8]) throws -> PublishedDrawCheck {
        let document: JSONValue
        do { document = try CanonicalJSON.decode(bytes) } catch { throw Failure.malformed("不是 JSON（\(error)）") }
        guard let object = document.objectValue else { throw Failure.malformed("顶层不是对象") }
        guard let published = object["specification"] else { throw Failure.malformed("缺少 specification") }
        guard let commitment = object["commitment"]?.stringValue else { throw Failure.malformed("缺少 commitment") }
        let specificationBytes = try CanonicalJSON.encode(published)
        let specification: DrawSpecification
        do { specification = try DrawSpecification.decode(specificationBytes) } catch {
            throw Failure.malformed("specification 无法读取（\(error)）")
        }
        // What the server would have refused is malformed here too (and cannot be run).
        do throws(DrawError) { try specification.validate() } catch { throw Failure.malformed(error.message) }
        // Both the published bytes and the specification read back must hash to the commitment:
        // the second catches entries published out of the algorithm's order.
        let digest = Hash(SHA256.hash(data: specificationBytes)).hex
        let recommitted = try specification.commitment()
        let commitmentMatches = digest == commitment && recommitted == commitment

        var secrets: [String: String] = [:]
        var badReveals: [String] = []
        for reveal in object["reveals"]?.arrayValue ?? [] {
            guard let party = reveal.objectValue?["party"]?.stringValue, let secret = reveal.objectValue?["secret"]?.stringValue else {
                throw Failure.malformed("reveals 中的一项缺少 party 或 secret")
            }
            guard let committed = specification.parties.first(where: { $0.party == party }),
                  (try? VerifiableDraw.checkReveal(secret, against: committed)) != nil else {
                badReveals.append(party)
                continue
            }
            secrets[party] = secret
        }
        let missing = specification.parties.map(\.party).filter { secrets[$0] == nil && !badReveals.contains($0) }
        var recomputed: DrawOutcome?
        var outcomeMatches: Bool?
        if missing.isEmpty, badReveals.isEmpty {
            let publicValue = object["publicValue"]?.stringValue
            recomputed = try VerifiableDraw.run(
                specification, secrets: specification.parties.compactMap { secrets[$0.party] },
                publicValue: publicValue?.isEmpty == false ? publicValue : nil)
        }
        if let outcome = object["outcome"] {
            if let recomputed {
                outcomeMatches = try CanonicalJSON.encode(outcome) == CanonicalJSON.encode(recomputed.canonicalContent)
            } else {
                outcomeMatches = false
            }
        }
        return PublishedDrawCheck(
            commitment: commitment, commitmentMatches: commitmentMatches, badReveals: badReveals, missingReveals: missing,
            recomputed: recomputed, outcomeMatches: outcomeMatches)
    }
}
