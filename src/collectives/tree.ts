/**
 * Pipelined tree all-reduce as flows: each channel's buffer is cut into `chunks`; chunk c goes up its spanning
 * tree (reduce) and back down (broadcast). One chunk in flight per edge, in order: chunk c on an edge waits
 * for chunk c − 1 on that edge (its buffer slot) and for the data it carries — on the way up, chunk c from
 * every child (the reduction inputs); on the way down, chunk c arriving from the parent, or at the root, every
 * child's chunk c (the reduction is complete). Different chunks, channels and phases overlap freely.
 */
import type { Traffic } from '../netsim/index.js';
import type { TreeChannel } from './treeShape.js';

/** Children of each rank in CSR form (kids[off[r] .. off[r+1])), in rank order. */
function childLists(parent: Int32Array): { off: Int32Array; kids: Int32Array } {
  const n = parent.length;
  const off = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) if (parent[r] >= 0) off[parent[r] + 1]++;
  for (let r = 0; r < n; r++) off[r + 1] += off[r];
  const fill = off.slice(0, n);
  const kids = new Int32Array(off[n]);
  for (let r = 0; r < n; r++) if (parent[r] >= 0) kids[fill[parent[r]]++] = r;
  return { off, kids };
}

/** Ranks in breadth-first order from the root (parents before children). */
function topDown(root: number, off: Int32Array, kids: Int32Array, n: number): Int32Array {
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  order[tail++] = root;
  while (head < tail) {
    const r = order[head++];
    for (let i = off[r]; i < off[r + 1]; i++) order[tail++] = kids[i];
  }
  return order.subarray(0, tail);
}

/**
 * Add the flows of a pipelined all-reduce over `channels` to `t` (rank r sits on graph node `node[r]`).
 * Flow labels are channel·chunks + chunk (the ECMP hash input). Returns the number of flows added.
 */
export function pipelinedTreeAllReduce(t: Traffic, node: Int32Array, channels: readonly TreeChannel[], chunks: number): number {
  let flows = 0;
  const deps: number[] = [];
  channels.forEach((ch, ci) => {
    const { parent, root } = ch;
    const n = parent.length;
    const { off, kids } = childLists(parent);
    const down = topDown(root, off, kids, n);
    const bytes = ch.bytes / chunks;
    // Latest flow built on each rank's up edge (r → parent) and down edge (parent → r).
    const up = new Int32Array(n).fill(-1);
    const dn = new Int32Array(n).fill(-1);
    for (let c = 0; c < chunks; c++) {
      const label = ci * chunks + c;
      // Reduce, children before parents: up[kid] already holds chunk c, up[r] still chunk c − 1.
      for (let i = down.length - 1; i > 0; i--) {
        const r = down[i];
        deps.length = 0;
        if (up[r] >= 0) deps.push(up[r]);
        for (let k = off[r]; k < off[r + 1]; k++) deps.push(up[kids[k]]);
        up[r] = t.send(node[r], node[parent[r]], bytes, 0, label, deps);
        flows++;
      }
      // Broadcast, parents before children: dn[r] already holds chunk c, dn[kid] still chunk c − 1.
      for (let i = 1; i < down.length; i++) {
        const r = down[i];
        const p = parent[r];
        deps.length = 0;
        if (dn[r] >= 0) deps.push(dn[r]);
        if (p === root) for (let k = off[p]; k < off[p + 1]; k++) deps.push(up[kids[k]]);
        else deps.push(dn[p]);
        dn[r] = t.send(node[p], node[r], bytes, 0, label, deps);
        flows++;
      }
    }
  });
  return flows;
}
