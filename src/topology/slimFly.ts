/**
 * Slim Fly: the McKay–Miller–Širáň (MMS) graph for a prime power q = 4w + δ (δ ∈ {−1, 0, 1}), as in Besta &
 * Hoefler (SC'14). Routers (s, x, y) with s ∈ {0, 1}, x, y ∈ GF(q); with ξ a primitive element:
 *   (0, x, y) ~ (0, x, y′)  iff y − y′ ∈ X        (1, m, c) ~ (1, m, c′)  iff c − c′ ∈ X′
 *   (0, x, y) ~ (1, m, c)   iff y = m·x + c
 * δ = 1:  X = {ξ^0, ξ^2, …, ξ^(q−3)},  X′ = {ξ^1, ξ^3, …, ξ^(q−2)}
 * δ = −1: X = {ξ^0, ξ^2, …, ξ^(2w−2)} ∪ {ξ^(2w−1), ξ^(2w+1), …, ξ^(4w−3)},
 *         X′ = {ξ^1, ξ^3, …, ξ^(2w−1)} ∪ {ξ^(2w), ξ^(2w+2), …, ξ^(4w−2)}
 * δ = 0:  X = {ξ^0, ξ^2, …, ξ^(q−2)},  X′ = {ξ^1, ξ^3, …, ξ^(q−1)}
 * Every router has network degree (3q − δ)/2 and the graph has diameter 2 (checked by BFS in the tests).
 * Router id = s·q² + x·q + y; its group label is s·q + x. Endpoints fill routers in rank order, p per router.
 */
import { InputError } from '../core/index.js';
import { finiteField, primePower } from './gf.js';
import { GraphBuilder, NodeKind, type Graph } from './graph.js';
import { addDomains, domainSize, hostLinkBytesPerS, scaleOutLinkKind } from './node.js';
import type { ResolvedSpec } from './spec.js';
import { specParams } from './fatTree.js';

/** Exponents of ξ in the generator sets X and X′. */
export function mmsGeneratorExponents(q: number, delta: number): { x: number[]; xPrime: number[] } {
  const w = (q - delta) / 4;
  const x: number[] = [];
  const xp: number[] = [];
  if (delta === 1) {
    for (let e = 0; e <= q - 3; e += 2) x.push(e);
    for (let e = 1; e <= q - 2; e += 2) xp.push(e);
  } else if (delta === -1) {
    for (let e = 0; e <= 2 * w - 2; e += 2) x.push(e);
    for (let e = 2 * w - 1; e <= 4 * w - 3; e += 2) x.push(e);
    for (let e = 1; e <= 2 * w - 1; e += 2) xp.push(e);
    for (let e = 2 * w; e <= 4 * w - 2; e += 2) xp.push(e);
  } else {
    for (let e = 0; e <= q - 2; e += 2) x.push(e);
    for (let e = 1; e <= q - 1; e += 2) xp.push(e);
  }
  return { x, xPrime: xp };
}

/** Router-to-router cables of the MMS graph: q³ between the halves plus q²·|X| inside them. */
export function mmsLinkCount(q: number, delta: number): number {
  return (q * q * (3 * q - delta)) / 2;
}

export function buildSlimFly(s: ResolvedSpec): Graph {
  const { q, delta, endpointsPerRouter: p } = s.sf!;
  if (!primePower(q)) throw new InputError('q', q, 'a prime power to build an MMS Slim Fly (other q are counted by formula only)');
  const F = finiteField(q);
  const { x: xe, xPrime: xpe } = mmsGeneratorExponents(q, delta);
  const X = xe.map((e) => F.pow(e));
  const Xp = xpe.map((e) => F.pow(e));
  const routers = 2 * q * q;
  const dom = domainSize(s);
  const b = new GraphBuilder(dom.nodes + routers, dom.directedLinks + 2 * (s.gpus + mmsLinkCount(q, delta)));
  const { endpoints, attach } = addDomains(b, s);
  const base = b.nodeCount;
  for (let sIdx = 0; sIdx < 2; sIdx++)
    for (let a = 0; a < q; a++) for (let c = 0; c < q; c++) b.addNode(NodeKind.Switch, 1, -1, sIdx * q + a);
  const id = (sIdx: number, a: number, c: number) => base + sIdx * q * q + a * q + c;
  const cap = s.linkBytesPerS;
  const lat = s.linkLatencyS;
  const kind = scaleOutLinkKind(s);
  const hostCap = hostLinkBytesPerS(s);
  for (let r = 0; r < s.gpus; r++) b.addCable(attach[r], base + Math.floor(r / p), hostCap, lat, kind);
  // Inside each half: y ~ y + ξ for ξ in the (symmetric) generator set, each pair once.
  for (let sIdx = 0; sIdx < 2; sIdx++) {
    const gen = sIdx === 0 ? X : Xp;
    for (let a = 0; a < q; a++)
      for (let y = 0; y < q; y++)
        for (const g of gen) {
          const y2 = F.add(y, g);
          if (y < y2) b.addCable(id(sIdx, a, y), id(sIdx, a, y2), cap, lat, kind);
        }
  }
  for (let xx = 0; xx < q; xx++)
    for (let m = 0; m < q; m++)
      for (let c = 0; c < q; c++) b.addCable(id(0, xx, F.add(F.mul(m, xx), c)), id(1, m, c), cap, lat, kind);
  return b.finish(endpoints, { family: 'sf', params: specParams(s) }, attach);
}
