/**
 * Shapes of NCCL's tree all-reduce: which rank sends to which, per channel (no flows here).
 *
 * NCCL (src/graph/trees.cc, connect.cc) builds its double binary tree over NODES, not ranks:
 * - Inter-node: `ncclGetBtree` (in-order labelled binary tree, root 0 with one child) is tree 0; tree 1 is its
 *   mirror r → nNodes − 1 − r (nNodes even) or its shift by one (odd), so each node is interior in at most
 *   one of the two trees.
 * - Intra-node: each search channel has a chain of the node's GPUs (treeIntra[0..g−1]); a rank's tree parent
 *   is its predecessor in the chain, the chain head treeIntra[0] connects to the inter-node tree.
 * - Every search channel is duplicated: channel c runs tree 0 and channel c + nChannels tree 1 over the same
 *   chain, each on half of that channel's bytes.
 *
 * Channel/rail mapping chosen here (H800 nodes: one NIC per GPU, GPU i on NIC/rail/plane i):
 * one search channel per rail r = 0..g−1, so 2g channels of S / 2g bytes. The chain of rail r is the local
 * GPUs r, r+1, …, r+g−1 (mod g), headed by GPU r, and the head carries ALL of the channel's inter-node traffic
 * (parent and children) through its own NIC r — NCCL's NCCL_TOPO_PATTERN_TREE. Why: every inter-node edge
 * then joins same-index GPUs, so it stays on one plane of a multi-plane fabric (no PXN hop) and on one rail
 * of a multi-rail one; the g pairs spread the bytes evenly over all g NICs; and rotating the chains balances
 * NVLink: each GPU sends on NVLink in g − 1 of the g chains per direction, as in the rotated rings.
 * (NCCL's BALANCED/SPLIT patterns put the children on treeIntra[1], which only pays off when two GPUs share
 * a NIC; on H800 nodes it would send cross-plane.)
 * A single node degenerates to the chains (the pair's two trees are then the same chain, merged into one
 * channel of S / g bytes, which the max-min model times identically); bare hosts (g = 1) give NCCL's flat
 * double binary tree.
 */

/** One tree channel: a spanning tree over the ranks, rooted where the reduction completes. */
export interface TreeChannel {
  /** Parent rank of each rank, −1 at the root. */
  parent: Int32Array;
  root: number;
  /** Bytes of the buffer this channel reduces and broadcasts. */
  bytes: number;
}

/** NCCL's ncclGetBtree: parent of `rank` in the in-order binary tree over `n` ranks (−1 for the root 0). */
export function btreeParent(n: number, rank: number): number {
  if (rank === 0) return -1;
  let bit = 1;
  while (bit < n && (bit & rank) === 0) bit <<= 1;
  const up = (rank ^ bit) | (bit << 1);
  return up >= n ? rank ^ bit : up;
}

/** Parent of `rank` in tree `t` (0 or 1) of NCCL's double binary tree over `n` ranks (ncclGetDtree). */
export function dtreeParent(n: number, rank: number, t: 0 | 1): number {
  if (t === 0) return btreeParent(n, rank);
  if (n % 2 === 1) {
    const u = btreeParent(n, (rank - 1 + n) % n);
    return u < 0 ? -1 : (u + 1) % n;
  }
  const u = btreeParent(n, n - 1 - rank);
  return u < 0 ? -1 : n - 1 - u;
}

/** Root of tree `t` of the double binary tree over `n` ranks (ncclGetDtreeRoots). */
export function dtreeRoot(n: number, t: 0 | 1): number {
  if (t === 0) return 0;
  return n % 2 === 1 && n > 1 ? 1 : n - 1;
}

/**
 * NCCL's hierarchical tree channels for `n` ranks in nodes of `gpn` (ranks k·gpn … k·gpn+gpn−1 on node k,
 * local index = rail): 2·gpn channels (one pair per rail) when there are several nodes, gpn chains on one node.
 */
export function hierarchicalTreeChannels(n: number, gpn: number, sizeBytes: number): TreeChannel[] {
  const g = Math.min(gpn, n);
  const nodes = n / g;
  const trees: readonly (0 | 1)[] = nodes > 1 ? [0, 1] : [0];
  const out: TreeChannel[] = [];
  for (let r = 0; r < g; r++) {
    for (const t of trees) {
      const parent = new Int32Array(n);
      for (let k = 0; k < nodes; k++) {
        const base = k * g;
        const up = dtreeParent(nodes, k, t);
        parent[base + r] = up < 0 ? -1 : up * g + r;
        for (let p = 1; p < g; p++) parent[base + ((r + p) % g)] = base + ((r + p - 1) % g);
      }
      out.push({ parent, root: dtreeRoot(nodes, t) * g + r, bytes: sizeBytes / g / trees.length });
    }
  }
  return out;
}

/** NCCL's double binary tree over all ranks, ignoring nodes: two channels of S/2 (the `flat-tree` algorithm). */
export function flatTreeChannels(n: number, sizeBytes: number): TreeChannel[] {
  return hierarchicalTreeChannels(n, 1, sizeBytes);
}
