"""RFC 9162 §2.1.3.2 and §2.1.4.2: checking inclusion and consistency proofs of the ledger, for the
load clients (scripts/crash_client.py, scripts/cluster-load.py). Python standard library only.

`python3 scripts/rfc9162.py` checks the two verifiers against a tree built here from the RFC's
definition (every index of every size up to 40, every pair of sizes), and that a changed proof
or root is refused.
"""
import hashlib


def leaf_hash(leaf):
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index, size, leaf, proof, root):
    """`leaf` is the leaf's hash; `proof` the audit path, bottom up."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(m, n, proof, root1, root2):
    """The tree of size `m` with root `root1` is a prefix of the tree of size `n` with `root2`."""
    if m == n:
        return not proof and root1 == root2
    if m == 0 or m > n:
        return False
    if m & (m - 1) == 0:
        proof = [root1] + list(proof)
    if not proof:
        return False
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == root1 and sr == root2


# --- The tree itself, from RFC 9162 §2.1.1 to §2.1.4.1 (for the self-check) --------------------

def _split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _root(leaves):
    if len(leaves) == 1:
        return leaves[0]
    k = _split(len(leaves))
    return node_hash(_root(leaves[:k]), _root(leaves[k:]))


def _path(m, leaves):
    if len(leaves) == 1:
        return []
    k = _split(len(leaves))
    if m < k:
        return _path(m, leaves[:k]) + [_root(leaves[k:])]
    return _path(m - k, leaves[k:]) + [_root(leaves[:k])]


def _subproof(m, leaves, complete):
    n = len(leaves)
    if m == n:
        return [] if complete else [_root(leaves)]
    k = _split(n)
    if m <= k:
        return _subproof(m, leaves[:k], complete) + [_root(leaves[k:])]
    return _subproof(m - k, leaves[k:], False) + [_root(leaves[:k])]


def _self_check(largest=40):
    leaves = [leaf_hash(b"entry %d" % i) for i in range(largest)]
    wrong = b"\x55" * 32
    for n in range(1, largest + 1):
        root = _root(leaves[:n])
        for i in range(n):
            proof = _path(i, leaves[:n])
            assert verify_inclusion(i, n, leaves[i], proof, root), (i, n)
            assert not verify_inclusion(i, n, leaves[i], proof, wrong), (i, n)
            if proof:
                assert not verify_inclusion(i, n, leaves[i], [wrong] + proof[1:], root), (i, n)
        for m in range(1, n + 1):
            proof = _subproof(m, leaves[:n], True)
            old = _root(leaves[:m])
            assert verify_consistency(m, n, proof, old, root), (m, n)
            assert not verify_consistency(m, n, proof, wrong, root), (m, n)
            if proof:
                assert not verify_consistency(m, n, proof[:-1] + [wrong], old, root), (m, n)
    print(f"rfc9162: inclusion and consistency proofs checked for every tree of 1…{largest} leaves")


if __name__ == "__main__":
    _self_check()
