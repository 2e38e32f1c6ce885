"""The audit trail's Merkle tree is RFC 6962's: the reference roots and proofs of Certificate
Transparency's test vectors, every inclusion and consistency proof verifies, and any altered
proof, root, leaf, index or size fails."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.audit.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    leaf_hash,
    root_of,
    verify_consistency,
    verify_inclusion,
)

# RFC 6962's reference leaves and the roots of their first 0..8 (certificate-transparency-go).
_HEX = (
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
)
LEAVES = [bytes.fromhex(h) for h in _HEX]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (leaf index, tree size, path)
INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip
# (old size, new size, proof)
CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip

TREE = MerkleTree([leaf_hash(leaf) for leaf in LEAVES])


def test_the_empty_tree_and_the_reference_roots() -> None:
    assert EMPTY_ROOT == hashlib.sha256(b"").digest() == bytes.fromhex(ROOTS[0])
    for size, want in enumerate(ROOTS):
        assert TREE.root(size).hex() == want, size
        assert root_of(leaf_hash(leaf) for leaf in LEAVES[:size]) == (size, bytes.fromhex(want))


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_the_reference_inclusion_proofs(index: int, size: int, path: list[str]) -> None:
    proof = TREE.inclusion_proof(index, size)
    assert [p.hex() for p in proof] == path
    assert verify_inclusion(leaf_hash(LEAVES[index]), index, size, proof, TREE.root(size))


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY)
def test_the_reference_consistency_proofs(old: int, new: int, path: list[str]) -> None:
    proof = TREE.consistency_proof(old, new)
    assert [p.hex() for p in proof] == path
    assert verify_consistency(old, new, TREE.root(old), TREE.root(new), proof)


def _tree(n: int, seed: int) -> MerkleTree:
    return MerkleTree([leaf_hash(f"{seed}:{i}".encode()) for i in range(n)])


def _altered(proof: list[bytes], at: int, bit: int) -> list[bytes]:
    changed = bytearray(proof[at])
    changed[bit // 8] ^= 1 << (bit % 8)
    return [*proof[:at], bytes(changed), *proof[at + 1 :]]


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 300), st.data())
def test_every_inclusion_proof_verifies_and_any_altered_one_fails(
    size: int, data: st.DataObject
) -> None:
    tree = _tree(300, 1)
    index = data.draw(st.integers(0, size - 1))
    leaf, root = tree.levels[0][index], tree.root(size)
    proof = tree.inclusion_proof(index, size)
    assert verify_inclusion(leaf, index, size, proof, root)
    assert not verify_inclusion(leaf_hash(b"another entry"), index, size, proof, root)
    assert not verify_inclusion(leaf, index, size, proof, leaf_hash(b"another root"))
    if size > 1:
        other = data.draw(st.integers(0, size - 1).filter(lambda i: i != index))
        assert not verify_inclusion(leaf, other, size, proof, root)
    if proof:
        at = data.draw(st.integers(0, len(proof) - 1))
        bit = data.draw(st.integers(0, 255))
        assert not verify_inclusion(leaf, index, size, _altered(proof, at, bit), root)
        assert not verify_inclusion(leaf, index, size, proof[:-1], root)
    assert not verify_inclusion(leaf, index, size, [*proof, root], root)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 300), st.data())
def test_every_consistency_proof_verifies_and_any_altered_one_fails(
    new: int, data: st.DataObject
) -> None:
    tree = _tree(300, 2)
    old = data.draw(st.integers(1, new))
    old_root, new_root = tree.root(old), tree.root(new)
    proof = tree.consistency_proof(old, new)
    assert verify_consistency(old, new, old_root, new_root, proof)
    assert not verify_consistency(old, new, leaf_hash(b"forged"), new_root, proof)
    assert not verify_consistency(old, new, old_root, leaf_hash(b"forged"), proof)
    rewritten = _tree(300, 3)  # another history of the same length
    assert not verify_consistency(old, new, rewritten.root(old), new_root, proof)
    if proof:
        at = data.draw(st.integers(0, len(proof) - 1))
        bit = data.draw(st.integers(0, 255))
        assert not verify_consistency(old, new, old_root, new_root, _altered(proof, at, bit))
        assert not verify_consistency(old, new, old_root, new_root, proof[:-1])
    if old < new:
        assert not verify_consistency(old, new, old_root, new_root, [*proof, old_root])
        assert not verify_consistency(new, old, new_root, old_root, proof)


def test_the_streaming_root_is_the_tree_root_for_every_size() -> None:
    tree = _tree(130, 4)
    for size in range(131):
        assert root_of(tree.levels[0][:size]) == (size, tree.root(size))


def test_out_of_range_requests_are_refused() -> None:
    with pytest.raises(ValueError, match="leaf 8 is not in a tree of 8"):
        TREE.inclusion_proof(8, 8)
    with pytest.raises(ValueError, match="the tree has 8 leaves, not 9"):
        TREE.consistency_proof(9, 9)
    with pytest.raises(ValueError, match="not a prefix"):
        TREE.consistency_proof(9, 8)
    with pytest.raises(ValueError, match="the tree has 8 leaves, not 9"):
        TREE.root(9)
    with pytest.raises(ValueError, match="a leaf hash is 32 bytes, not 5"):
        MerkleTree([b"short"])
    assert not verify_inclusion(TREE.levels[0][0], 0, 0, [], EMPTY_ROOT)
    assert not verify_consistency(0, 3, EMPTY_ROOT, TREE.root(3), [TREE.root(3)])
