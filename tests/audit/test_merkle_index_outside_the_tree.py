"""An inclusion proof names a leaf index inside the tree: a leaf claimed at an index outside
it (negative, equal to the size, or an index that aliases a real one modulo the tree's shape)
never verifies, even with the proof and root that verify it at its real index."""

from __future__ import annotations

import hashlib

import pytest

from onrecord.audit.merkle import MerkleTree, leaf_hash, verify_inclusion

LEAVES = [leaf_hash(hashlib.sha256(str(i).encode()).digest()) for i in range(8)]


def test_a_one_leaf_tree_vouches_for_index_0_only() -> None:
    tree = MerkleTree(LEAVES[:1])
    root = tree.root()
    assert verify_inclusion(LEAVES[0], 0, 1, [], root)
    for index in (-1, 1, 2, 3):
        assert not verify_inclusion(LEAVES[0], index, 1, [], root), index


@pytest.mark.parametrize("size", [2, 3, 5, 8])
def test_the_last_leafs_proof_does_not_verify_past_the_end(size: int) -> None:
    tree = MerkleTree(LEAVES[:size])
    root = tree.root()
    last = size - 1
    proof = tree.inclusion_proof(last)
    assert verify_inclusion(LEAVES[last], last, size, proof, root)
    # Indices past the end whose low bits match the real one's, and the size itself.
    for index in (size, last + 2, last + 4, last + 8, last + 16, -1, -size):
        assert not verify_inclusion(LEAVES[last], index, size, proof, root), index
