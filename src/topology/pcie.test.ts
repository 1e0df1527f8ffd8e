import { describe, expect, it } from 'vitest';
import { InputError } from '../core/index.js';
import { pathDiversity } from './analyze.js';
import { buildCluster } from './build.js';
import { nodeLabels } from './export.js';
import { LinkKind, NodeKind, type Graph } from './graph.js';
import { domainSize } from './node.js';
import { parsePcieOption, withPcie } from './pcieOption.js';
import { clusterPreset, nodePreset } from './presets.js';
import { HGX_PCIE, resolveSpec } from './spec.js';
import { countGraph } from './stats.js';

function kindCounts(g: Graph): number[] {
  const c = [0, 0, 0, 0, 0, 0, 0];
  for (let v = 0; v < g.nodeCount; v++) c[g.nodeKind[v]]++;
  return c;
}

/** Cables (one per pair of directed links) by the kinds of their two ends, e.g. "gpu-pcie-switch:pcie". */
function cableCounts(g: Graph): Record<string, number> {
  const names = ['gpu', 'nic', 'switch', 'nvswitch', 'pcie-switch', 'host', 'cpu'];
  const link = ['nvlink', 'pcie', 'ib', 'roce'];
  const out: Record<string, number> = {};
  for (let j = 0; j < g.linkCount; j += 2) {
    const ends = [names[g.nodeKind[g.linkSrc[j]]], names[g.nodeKind[g.linkDst[j]]]].sort().join('-');
    const key = `${ends}:${link[g.linkKind[j]]}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describe('HGX-style PCIe tree (h800-pcie-node)', () => {
  const g = buildCluster(clusterPreset('h800-pcie-node'));

  it('one node: 8 GPUs, 8 NICs, 1 NVSwitch, 4 PCIe switches, 2 CPUs (+ 1 leaf); 37 cables = 74 directed links', () => {
    // kinds: gpu, nic, switch, nvswitch, pcie-switch, host, cpu
    expect(kindCounts(g)).toEqual([8, 8, 1, 1, 4, 0, 2]);
    expect(g.nodeCount).toBe(24);
    expect(cableCounts(g)).toEqual({
      'gpu-nvswitch:nvlink': 8,
      'gpu-pcie-switch:pcie': 8,
      'nic-pcie-switch:pcie': 8,
      'cpu-pcie-switch:pcie': 4,
      'cpu-cpu:pcie': 1,
      'nic-switch:ib': 8,
    });
    expect(g.linkCount).toBe(74);
    const s = resolveSpec(clusterPreset('h800-pcie-node'));
    expect(g.nodeCount - countGraph(g).switches).toBe(domainSize(s).nodes);
    expect(g.linkCount - 2 * countGraph(g).hostLinks).toBe(domainSize(s).directedLinks);
  });

  it('GPU i and NIC i share switch ⌊i/2⌋, switches 0–1 hang off CPU 0 and 2–3 off CPU 1; capacities 64 GB/s', () => {
    const switchOf = (v: number): number => {
      for (let e = g.outOffset[v]; e < g.outOffset[v + 1]; e++) {
        const l = g.outLinks[e];
        if (g.nodeKind[g.linkDst[l]] === NodeKind.PcieSwitch) {
          expect(g.linkCapacityBytesPerS[l]).toBe(64e9);
          return g.linkDst[l];
        }
      }
      return -1;
    };
    const cpuOf = (sw: number): number => {
      for (let e = g.outOffset[sw]; e < g.outOffset[sw + 1]; e++) {
        const l = g.outLinks[e];
        if (g.nodeKind[g.linkDst[l]] === NodeKind.Cpu) {
          expect(g.linkCapacityBytesPerS[l]).toBe(HGX_PCIE.uplinkBytesPerS);
          return g.linkDst[l];
        }
      }
      return -1;
    };
    expect(g.attach).toBeDefined();
    const sw = Array.from({ length: 8 }, (_, i) => switchOf(g.endpoints[i]));
    for (let i = 0; i < 8; i++) {
      expect(g.nodeKind[g.attach![i]]).toBe(NodeKind.Nic);
      expect(switchOf(g.attach![i])).toBe(sw[i]);
      expect(sw[i] === sw[i ^ 1]).toBe(true);
      if (i % 2 === 0 && i > 0) expect(sw[i]).not.toBe(sw[i - 1]);
    }
    const cpus = [0, 2, 4, 6].map((i) => cpuOf(sw[i]));
    expect(cpus[0]).toBe(cpus[1]);
    expect(cpus[2]).toBe(cpus[3]);
    expect(cpus[0]).not.toBe(cpus[2]);
    for (let l = 0; l < g.linkCount; l++)
      if (g.nodeKind[g.linkSrc[l]] === NodeKind.Cpu && g.nodeKind[g.linkDst[l]] === NodeKind.Cpu) expect(g.linkCapacityBytesPerS[l]).toBe(HGX_PCIE.cpuLinkBytesPerS);
  });

  it('Table 3 counts see only scale-out gear: the same as the plain H800 node, node for node', () => {
    for (const [plain, switched] of [['h800-node', 'h800-pcie-node'], ['mpft-2048', 'mpft-2048-pcie']]) {
      const a = countGraph(buildCluster(clusterPreset(plain)));
      const b = countGraph(buildCluster(clusterPreset(switched)));
      expect(b).toEqual(a);
    }
    const mp = buildCluster(clusterPreset('mpft-2048-pcie'));
    expect(kindCounts(mp)).toEqual([2048, 2048, 96, 256, 1024, 0, 512]); // 8 planes × (8 leaves + 4 spines)
  });

  it('NIC-to-NIC path diversity is unchanged (PCIe is not scale-out)', () => {
    const a = buildCluster({ ...clusterPreset('mpft-2048'), gpus: 512 });
    const b = buildCluster({ ...clusterPreset('mpft-2048-pcie'), gpus: 512 });
    const s = resolveSpec({ ...clusterPreset('mpft-2048'), gpus: 512 });
    expect(pathDiversity(b, s, 16, 3)).toEqual(pathDiversity(a, s, 16, 3));
  });

  it('labels name PCIe switches and CPUs by node', () => {
    const labels = nodeLabels(g);
    expect(labels.filter((l) => /^pcie-switch \d \(node 0\)$/.test(l)).length).toBe(4);
    expect(labels.filter((l) => /^cpu \d \(node 0\)$/.test(l)).length).toBe(2);
  });

  it('other shapes: 4 GPUs per switch, 1 switch per CPU → 2 switches, 2 CPUs; 1 CPU → no inter-socket link', () => {
    const a = buildCluster(withPcie({ fabric: 'ft2', radix: 8, gpus: 8 }, parsePcieOption('gpus-per-switch=4,switches-per-cpu=1')));
    expect(kindCounts(a)).toEqual([8, 8, 3, 1, 2, 0, 2]); // radix 8: 2 leaves + 1 spine
    expect(cableCounts(a)['cpu-cpu:pcie']).toBe(1);
    const b = buildCluster(withPcie({ fabric: 'ft2', radix: 8, gpus: 8 }, parsePcieOption('switches-per-cpu=4')));
    expect(kindCounts(b)).toEqual([8, 8, 3, 1, 4, 0, 1]);
    expect(cableCounts(b)['cpu-cpu:pcie']).toBeUndefined();
    // 8 sockets (1 GPU per switch, 1 switch per CPU): a full mesh of 28 inter-socket links.
    const c = buildCluster(withPcie({ fabric: 'ft2', radix: 8, gpus: 8 }, parsePcieOption('gpus-per-switch=1,switches-per-cpu=1')));
    expect(cableCounts(c)['cpu-cpu:pcie']).toBe(28);
  });
});

describe('the default H800 node is unchanged', () => {
  it('one node: 8 GPUs + 8 NICs + 1 NVSwitch (+ 1 leaf), 8 NVLink + 8 GPU↔NIC PCIe + 8 NIC↔leaf cables', () => {
    const g = buildCluster(clusterPreset('h800-node'));
    expect(kindCounts(g)).toEqual([8, 8, 1, 1, 0, 0, 0]);
    expect(cableCounts(g)).toEqual({ 'gpu-nvswitch:nvlink': 8, 'gpu-nic:pcie': 8, 'nic-switch:ib': 8 });
    expect([g.nodeCount, g.linkCount]).toEqual([18, 48]);
    expect(nodePreset('h800-node').pcie).toBeUndefined();
  });
  it('mpft-2048: 2·GPUs + nodes + switches nodes; 4 directed links per GPU + 2 per cable of the fabric', () => {
    const g = buildCluster(clusterPreset('mpft-2048'));
    const c = countGraph(g);
    expect([g.nodeCount, g.linkCount]).toEqual([2 * 2048 + 256 + c.switches, 4 * 2048 + 2 * (c.hostLinks + c.links)]);
    expect([g.nodeCount, g.linkCount]).toEqual([4448, 16384]);
  });
});

describe('PCIe spec checks', () => {
  const base = { fabric: 'ft2' as const, radix: 8, gpus: 8 };
  const bad = (text: string): void => {
    expect(() => resolveSpec(withPcie(base, parsePcieOption(text)))).toThrow(InputError);
  };
  it('switches and sockets must divide the node evenly; capacities positive; at most 8 sockets', () => {
    bad('gpus-per-switch=3');
    bad('switches-per-cpu=3');
    bad('gpus-per-switch=16');
    expect(() => resolveSpec({ ...base, gpus: 16, node: { gpusPerNode: 16, pcie: { gpusPerSwitch: 1, switchesPerCpu: 1 } } })).toThrow(/at most 8 CPU sockets/);
    expect(() => resolveSpec({ ...base, node: { pcie: { uplinkBytesPerS: 0 } } })).toThrow(InputError);
    expect(() => resolveSpec({ ...base, node: { pcie: { cpuLinkLatencyS: -1 } } })).toThrow(InputError);
  });
  it('the option string: none, hgx, items; unknown, repeated or malformed items are input errors', () => {
    expect(parsePcieOption('none')).toEqual({ tree: null });
    expect(parsePcieOption('hgx')).toEqual({ tree: {} });
    expect(parsePcieOption('gpus-per-switch=4, uplink=32GB/s,cpu-link=200Gbps,bw=64GB/s,uplink-latency=0.1us')).toEqual({
      tree: { gpusPerSwitch: 4, uplinkBytesPerS: 32e9, cpuLinkBytesPerS: 25e9, uplinkLatencyS: 0.1e-6 },
      pcieBytesPerS: 64e9,
    });
    for (const t of ['lanes=16', 'uplink', 'uplink=fast', 'uplink=0GB/s', 'gpus-per-switch=0', 'gpus-per-switch=1.5', 'bw=1GB/s,bw=2GB/s', ''])
      expect(() => parsePcieOption(t)).toThrow(InputError);
  });
  it('bare hosts have no PCIe tree to set; none restores the dedicated GPU↔NIC links', () => {
    expect(() => withPcie({ fabric: 'ft2', node: null }, parsePcieOption('hgx'))).toThrow(InputError);
    const g = buildCluster(withPcie(clusterPreset('h800-pcie-node'), parsePcieOption('none')));
    expect(kindCounts(g)).toEqual([8, 8, 1, 1, 0, 0, 0]);
    expect(g.linkCount).toBe(48);
    const kinds = new Set<number>();
    for (let l = 0; l < g.linkCount; l++) kinds.add(g.linkKind[l]);
    expect([...kinds].sort()).toEqual([LinkKind.NvLink, LinkKind.Pcie, LinkKind.Ib]);
  });
});
