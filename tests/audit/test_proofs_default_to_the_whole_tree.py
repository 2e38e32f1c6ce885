"""Without a size, a Merkle tree's root and proofs are of the whole tree (as the bundle export
asks for them: `tree.inclusion_proof(seq - 1)`)."""

from __future__ import annotations

import hashlib

from onrecord.audit.merkle import MerkleTree, leaf_hash, verify_consistency, verify_inclusion

LEAVES = [leaf_hash(hashlib.sha256(str(i).encode()).digest()) for i in range(7)]


def test_root_and_proofs_without_a_size_are_of_the_whole_tree() -> None:
    tree = MerkleTree(LEAVES)
    assert tree.root() == tree.root(7)
    for index in range(7):
        proof = tree.inclusion_proof(index)
        assert proof == tree.inclusion_proof(index, 7)
        assert verify_inclusion(LEAVES[index], index, 7, proof, tree.root())
    for old in range(8):
        proof = tree.consistency_proof(old)
        assert proof == tree.consistency_proof(old, 7)
        assert verify_consistency(old, 7, tree.root(old), tree.root(), proof)
