/**
 * The `--pcie SPEC` option: give a cluster's nodes a PCIe tree (or take it away) from one string.
 * SPEC is `none` (each GPU on a dedicated PCIe link to its NIC), `hgx` (HGX_PCIE), or comma-separated `key=value`
 * items applied over the node's own tree, else over HGX_PCIE:
 * `gpus-per-switch=N`, `switches-per-cpu=N`, `bw=BW` (every GPU/NIC ↔ switch link), `uplink=BW`, `cpu-link=BW`,
 * `latency=T` (GPU/NIC ↔ switch), `uplink-latency=T`, `cpu-link-latency=T`. Values are checked when the cluster
 * is resolved (resolvePcie), so divisibility errors name the node's actual GPU count.
 */
import { InputError } from '../core/index.js';
import { parseBandwidth, parseDuration } from '../spec/index.js';
import type { ClusterSpec, NodeInput, PcieSpec } from './spec.js';

export interface PcieOption {
  /** null: remove the tree; otherwise fields to set over the node's tree (or HGX_PCIE). */
  tree: Partial<PcieSpec> | null;
  /** GPU/NIC ↔ switch bandwidth and latency (the node's pcieBytesPerS / pcieLatencyS). */
  pcieBytesPerS?: number;
  pcieLatencyS?: number;
}

const KEYS = ['gpus-per-switch', 'switches-per-cpu', 'bw', 'uplink', 'cpu-link', 'latency', 'uplink-latency', 'cpu-link-latency'] as const;
const ALLOWED = `none, hgx, or comma-separated items ${KEYS.map((k) => `${k}=…`).join(', ')}`;

function count(field: string, raw: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(v) || v < 1) throw new InputError(field, raw, 'a positive integer');
  return v;
}

function rate(field: string, raw: string): number {
  const v = parseBandwidth(field, raw);
  if (!(v > 0)) throw new InputError(field, raw, 'a positive bandwidth such as 64GB/s');
  return v;
}

function delay(field: string, raw: string): number {
  const v = parseDuration(field, raw);
  if (!(v >= 0)) throw new InputError(field, raw, 'a non-negative duration such as 0.1us');
  return v;
}

export function parsePcieOption(text: string, field = '--pcie'): PcieOption {
  const t = text.trim();
  if (t === 'none') return { tree: null };
  if (t === 'hgx') return { tree: {} };
  const out: PcieOption = { tree: {} };
  const tree = out.tree!;
  const seen = new Set<string>();
  for (const raw of t.split(',')) {
    const item = raw.trim();
    const eq = item.indexOf('=');
    const key = eq > 0 ? item.slice(0, eq).trim() : '';
    const value = eq > 0 ? item.slice(eq + 1).trim() : '';
    if (!(KEYS as readonly string[]).includes(key) || value === '') throw new InputError(field, item, ALLOWED);
    if (seen.has(key)) throw new InputError(field, item, `each key once (${key} is repeated)`);
    seen.add(key);
    const f = `${field} ${key}`;
    switch (key as (typeof KEYS)[number]) {
      case 'gpus-per-switch': tree.gpusPerSwitch = count(f, value); break;
      case 'switches-per-cpu': tree.switchesPerCpu = count(f, value); break;
      case 'bw': out.pcieBytesPerS = rate(f, value); break;
      case 'uplink': tree.uplinkBytesPerS = rate(f, value); break;
      case 'cpu-link': tree.cpuLinkBytesPerS = rate(f, value); break;
      case 'latency': out.pcieLatencyS = delay(f, value); break;
      case 'uplink-latency': tree.uplinkLatencyS = delay(f, value); break;
      case 'cpu-link-latency': tree.cpuLinkLatencyS = delay(f, value); break;
    }
  }
  return out;
}

/** `spec` with its nodes' PCIe wiring changed by `o`; a spec without nodes (bare hosts) is an input error. */
export function withPcie(spec: ClusterSpec, o: PcieOption, field = '--pcie'): ClusterSpec {
  if (spec.node === null) throw new InputError(field, o.tree === null ? 'none' : 'a PCIe tree', 'a cluster with GPU nodes (not bare hosts)');
  const node: NodeInput = { ...(spec.node ?? {}) };
  if (o.tree === null) node.pcie = null;
  else node.pcie = { ...(node.pcie ?? {}), ...o.tree };
  if (o.pcieBytesPerS !== undefined) node.pcieBytesPerS = o.pcieBytesPerS;
  if (o.pcieLatencyS !== undefined) node.pcieLatencyS = o.pcieLatencyS;
  return { ...spec, node };
}
