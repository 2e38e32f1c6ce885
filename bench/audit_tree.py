"""The audit trail's Merkle tree at scale: tree head, inclusion and consistency proofs.

    PYTHONPATH=. .venv/bin/python bench/audit_tree.py [--entries N] [--proofs P]

Pure Python, no database: N entry hashes as the trail would hold them. Prints the time to
compute the tree head from a stream (what the hourly checkpoint does, O(log n) memory), to build
the whole tree (what a bundle export does before its inclusion proofs), P inclusion proofs
(verified), a consistency proof from half the log to all of it (verified), and the proofs' sizes.
"""

from __future__ import annotations

import argparse
import hashlib
import time

from onrecord.audit.merkle import (
    MerkleTree,
    leaf_hash,
    root_of,
    verify_consistency,
    verify_inclusion,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--proofs", type=int, default=1_000)
    args = parser.parse_args()
    n = args.entries
    hashes = [hashlib.sha256(i.to_bytes(8, "big")).digest() for i in range(n)]

    start = time.perf_counter()
    leaves = [leaf_hash(h) for h in hashes]
    size, streamed = root_of(leaves)
    head_s = time.perf_counter() - start
    print(f"tree head of {size:,} entries (leaf hashes + streaming root): {head_s * 1000:.0f} ms")

    start = time.perf_counter()
    tree = MerkleTree(leaves)
    root = tree.root()
    build_s = time.perf_counter() - start
    assert root == streamed
    print(f"whole tree built (every level, {len(tree.levels)} levels): {build_s * 1000:.0f} ms")

    step = max(1, n // args.proofs)
    indexes = list(range(0, n, step))[: args.proofs]
    start = time.perf_counter()
    proofs = [tree.inclusion_proof(i) for i in indexes]
    prove_s = time.perf_counter() - start
    start = time.perf_counter()
    assert all(
        verify_inclusion(leaves[i], i, n, p, root) for i, p in zip(indexes, proofs, strict=True)
    )
    check_s = time.perf_counter() - start
    print(
        f"{len(indexes):,} inclusion proofs: made in {prove_s * 1000:.0f} ms, verified in "
        f"{check_s * 1000:.0f} ms; {len(proofs[0])} hashes ({len(proofs[0]) * 32} bytes) each"
    )

    start = time.perf_counter()
    consistency = tree.consistency_proof(n // 2, n)
    assert verify_consistency(n // 2, n, tree.root(n // 2), root, consistency)
    print(
        f"consistency proof {n // 2:,} -> {n:,}: {len(consistency)} hashes, made and verified in "
        f"{(time.perf_counter() - start) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
