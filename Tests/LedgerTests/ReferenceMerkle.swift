import Crypto
import Foundation
import Ledger

/// RFC 9162 §2.1 written out literally — MTH (§2.1.1), PATH (§2.1.3.1) and PROOF/SUBPROOF
/// (§2.1.4.1) as recursive functions over a list of leaves — to check the fast code against.
///
/// Hashes with swift-crypto's SHA256 directly, not with `MerkleHash`, so that a mistake there
/// cannot cancel out. Memoises MTH by leaf range so that checking every proof of every tree up to
/// 130 leaves takes seconds, not minutes. Not thread-safe: one instance per test.
final class ReferenceMerkle {
    let leaves: [[UInt8]]
    private var memo: [Range<Int>: [UInt8]] = [:]

    init(leaves: [[UInt8]]) {
        self.leaves = leaves
    }

    /// Leaves "leaf 0", "leaf 1", … as UTF-8.
    convenience init(count: Int) {
        self.init(leaves: (0..<count).map { Array("leaf \($0)".utf8) })
    }

    /// k: the largest power of two smaller than n (n > 1), found by counting up as the RFC says.
    static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// MTH(D[range]).
    func mth(_ range: Range<Int>) -> [UInt8] {
        if let known = memo[range] { return known }
        let result: [UInt8]
        switch range.count {
        case 0:
            result = Array(SHA256.hash(data: [UInt8]()))
        case 1:
            result = Array(SHA256.hash(data: [0x00] + leaves[range.lowerBound]))
        default:
            let k = ReferenceMerkle.split(range.count)
            let mid = range.lowerBound + k
            result = Array(SHA256.hash(data: [0x01] + mth(range.lowerBound..<mid) + mth(mid..<range.upperBound)))
        }
        memo[range] = result
        return result
    }

    /// MTH(D[n]) of the first n leaves.
    func root(_ n: Int) -> Hash { try! Hash(bytes: mth(0..<n)) }

    func leafHash(_ i: Int) -> Hash { try! Hash(bytes: mth(i..<(i + 1))) }

    /// PATH(m, D[n]).
    func path(_ m: Int, _ n: Int) -> [Hash] {
        path(m, 0..<n).map { try! Hash(bytes: $0) }
    }

    private func path(_ m: Int, _ range: Range<Int>) -> [[UInt8]] {
        let n = range.count
        if n == 1 { return [] }
        let k = ReferenceMerkle.split(n)
        let mid = range.lowerBound + k
        if m < k {
            return path(m, range.lowerBound..<mid) + [mth(mid..<range.upperBound)]
        } else {
            return path(m - k, mid..<range.upperBound) + [mth(range.lowerBound..<mid)]
        }
    }

    /// PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
    func proof(_ m: Int, _ n: Int) -> [Hash] {
        subproof(m, 0..<n, true).map { try! Hash(bytes: $0) }
    }

    private func subproof(_ m: Int, _ range: Range<Int>, _ b: Bool) -> [[UInt8]] {
        let n = range.count
        if m == n { return b ? [] : [mth(range)] }
        let k = ReferenceMerkle.split(n)
        let mid = range.lowerBound + k
        if m <= k {
            return subproof(m, range.lowerBound..<mid, b) + [mth(mid..<range.upperBound)]
        } else {
            return subproof(m - k, mid..<range.upperBound, false) + [mth(range.lowerBound..<mid)]
        }
    }
}
