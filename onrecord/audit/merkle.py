"""The Merkle tree over the audit trail, as RFC 6962 / RFC 9162 define it: pure Python, no Django.

    leaf hash  = SHA-256(0x00 || entry)          entry: the 32-byte hash of one audit entry
    node hash  = SHA-256(0x01 || left || right)
    MTH(D[n])  = the root of n leaves, split at the largest power of two below n

A signed checkpoint (`tree_head.py`) names a tree size and its root. An *inclusion proof* shows
that one entry is leaf i of the tree a checkpoint signs; a *consistency proof* shows that the tree
of one checkpoint is a prefix of the tree of a later one, so nothing recorded before it was
removed or rewritten. Both are lists of node hashes a verifier combines without the rest of the
trail, so a court can check them offline.

`MerkleTree` keeps every level of the tree (about 2n hashes), so the root of any prefix and every
proof costs O(log n) hashes; `root_of` computes one root from a stream of leaves in O(log n)
memory. The verification functions follow RFC 9162 section 2.1.3.2 and 2.1.4.2 exactly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_LEAF = b"\x00"
_NODE = b"\x01"


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(_LEAF + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(_NODE + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly below n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_of(leaf_hashes: Iterable[bytes]) -> tuple[int, bytes]:
    """(size, root) of the tree of these leaf hashes, in O(log n) memory: a stack of the roots
    of the perfect subtrees so far (a "compact range"), merged as leaves arrive."""
    stack: list[tuple[int, bytes]] = []  # (height, root), heights strictly decreasing
    size = 0
    for leaf in leaf_hashes:
        size += 1
        height, node = 0, leaf
        while stack and stack[-1][0] == height:
            node = node_hash(stack.pop()[1], node)
            height += 1
        stack.append((height, node))
    if not stack:
        return 0, EMPTY_ROOT
    root = stack[-1][1]
    for _, left in reversed(stack[:-1]):
        root = node_hash(left, root)
    return size, root


class MerkleTree:
    """Every level of the tree over `leaf_hashes`: the root of any prefix, and proofs."""

    def __init__(self, leaf_hashes: Sequence[bytes]) -> None:
        for leaf in leaf_hashes:
            if len(leaf) != HASH_SIZE:
                raise ValueError(f"a leaf hash is {HASH_SIZE} bytes, not {len(leaf)}")
        self.levels: list[list[bytes]] = [list(leaf_hashes)]
        while len(self.levels[-1]) > 1:
            below = self.levels[-1]
            self.levels.append(
                [node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
            )

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def _subtree(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) where start is a multiple of the largest power of two that fits in
        end - start (true of every range the RFC's recursion produces)."""
        n = end - start
        if n & (n - 1) == 0:  # a perfect subtree: stored
            height = n.bit_length() - 1
            return self.levels[height][start >> height]
        k = _split(n)
        return node_hash(self._subtree(start, start + k), self._subtree(start + k, end))

    def root(self, size: int | None = None) -> bytes:
        n = self.size if size is None else size
        self._check_size(n)
        return EMPTY_ROOT if n == 0 else self._subtree(0, n)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """PATH(index, D[0:size]) of RFC 6962 section 2.1.1."""
        n = self.size if size is None else size
        self._check_size(n)
        if not 0 <= index < n:
            raise ValueError(f"leaf {index} is not in a tree of {n}")
        return self._path(index, 0, n)

    def _path(self, m: int, start: int, end: int) -> list[bytes]:
        n = end - start
        if n == 1:
            return []
        k = _split(n)
        if m < k:
            return [*self._path(m, start, start + k), self._subtree(start + k, end)]
        return [*self._path(m - k, start + k, end), self._subtree(start, start + k)]

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """PROOF(old_size, D[0:new_size]) of RFC 6962 section 2.1.2."""
        n = self.size if new_size is None else new_size
        self._check_size(n)
        if not 0 <= old_size <= n:
            raise ValueError(f"a tree of {old_size} is not a prefix of a tree of {n}")
        if old_size in (0, n):
            return []
        return self._subproof(old_size, 0, n, True)

    def _subproof(self, m: int, start: int, end: int, whole: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if whole else [self._subtree(start, end)]
        k = _split(n)
        if m <= k:
            return [*self._subproof(m, start, start + k, whole), self._subtree(start + k, end)]
        return [*self._subproof(m - k, start + k, end, False), self._subtree(start, start + k)]

    def _check_size(self, n: int) -> None:
        if not 0 <= n <= self.size:
            raise ValueError(f"the tree has {self.size} leaves, not {n}")


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 section 2.1.3.2: is `leaf` (a leaf hash) leaf `index` of the tree of `size`
    leaves whose root is `root`?"""
    if not 0 <= index < size or any(len(p) != HASH_SIZE for p in proof):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 section 2.1.4.2: is the tree of `old_size` leaves (root `old_root`) a prefix of
    the tree of `new_size` leaves (root `new_root`)?"""
    if any(len(p) != HASH_SIZE for p in proof) or not 0 <= old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof  # the empty tree is a prefix of every tree
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0
