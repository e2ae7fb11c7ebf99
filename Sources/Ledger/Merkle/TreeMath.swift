/// Bit arithmetic on tree sizes and leaf ranges shared by the tree, proof and verify code.
enum TreeMath {
    /// The largest power of two strictly less than `n` (n ≥ 2): the split point k of RFC 9162 §2.1.1.
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        precondition(n >= 2)
        return 1 << UInt64(63 - (n - 1).leadingZeroBitCount)
    }

    /// Number of bits needed to write `x` (0 for 0).
    static func bitLength(_ x: UInt64) -> Int {
        64 - x.leadingZeroBitCount
    }

    static func isPowerOfTwo(_ x: UInt64) -> Bool {
        x != 0 && x & (x - 1) == 0
    }

    /// The perfect subtrees that exactly tile leaves [begin, end), left to right.
    ///
    /// For the ranges this module uses (`begin` aligned to a power of two at least as large as
    /// `end - begin`, or `begin` = 0) these are the subtrees whose right fold is MTH(D[begin:end]).
    static func perfectSubtrees(begin: UInt64, end: UInt64) -> [NodeID] {
        var ids: [NodeID] = []
        var position = begin
        while position < end {
            // Largest aligned block at `position` that fits before `end`.
            var level = position == 0 ? 63 : position.trailingZeroBitCount
            while level > 0 && (end - position) < (UInt64(1) << UInt64(level)) {
                level -= 1
            }
            ids.append(NodeID(level: level, index: position >> UInt64(level)))
            position += UInt64(1) << UInt64(level)
        }
        return ids
    }
}
