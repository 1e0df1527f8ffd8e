import { describe, expect, it } from 'vitest';
import { analyzeFabric, bisection } from './analyze.js';
import { clusterPreset, CLUSTER_PRESET_NAMES, nodePreset } from './presets.js';
import { resolveSpec } from './spec.js';
import { countFabric } from './count.js';
import { switchDiameterBfs } from './paths.js';

describe('analyzeFabric', () => {
  it('full FT2: bisection by formula N/2 × 50 GB/s; diameter by BFS', () => {
    const r = analyzeFabric({ fabric: 'ft2' });
    expect(r.bisection).toMatchObject({ bytesPerS: 1024 * 50e9, method: 'formula' });
    expect(r.diameter).toEqual({ switchHops: 2, method: 'bfs', bfsSources: 96 });
    expect(r.pathDiversity!.pathsMin).toBe(32);
  });
  it('oversubscribed 3:1 leaves divide the bisection by 3; partial builds are labelled bounds', () => {
    expect(bisection(resolveSpec({ fabric: 'ft2', oversubscription: 3 })).bytesPerS).toBeCloseTo((3072 / 2) * 50e9 / 3, 0);
    expect(bisection(resolveSpec({ fabric: 'mpft', gpus: 2048 })).method).toBe('bound');
    expect(bisection(resolveSpec({ fabric: 'df', a: 4, p: 2, h: 2, radix: 8 })).method).toBe('bound');
  });
  it('a Slim Fly with q = 28 is counted, not built, with a warning', () => {
    const r = analyzeFabric({ fabric: 'sf' });
    expect(r.graph).toBeNull();
    expect(r.diameter).toEqual({ switchHops: 2, method: 'formula', bfsSources: 0 });
    expect(r.warnings[0]).toMatch(/not a prime power/);
  });
});

describe('presets', () => {
  it('every preset resolves and is counted', () => {
    for (const name of CLUSTER_PRESET_NAMES) expect(countFabric(clusterPreset(name)).endpoints).toBeGreaterThan(0);
  });
  it('h800-node and nvl72 nodes carry the §3/§7 figures', () => {
    expect(nodePreset('h800-node')).toMatchObject({ gpusPerNode: 8, nvlinkBytesPerS: 200e9, nicBytesPerS: 50e9 });
    expect(nodePreset('nvl72')).toMatchObject({ gpusPerNode: 72, nvlinkBytesPerS: 900e9 });
  });
  it('mpft-2048: 8 planes × (8 leaves + 4 spines); ft3-2048: 2 pods and 32 cores', () => {
    expect(countFabric(clusterPreset('mpft-2048'))).toMatchObject({ switches: 96, links: 2048, tiers: 2 });
    expect(countFabric(clusterPreset('ft3-2048'))).toMatchObject({ switches: 64 + 64 + 32, links: 4096, tiers: 3 });
  });
});

describe('formula diameter agrees with BFS on small builds', () => {
  it('for lone leaves, single pods, two and three tiers', () => {
    const specs = [
      { fabric: 'ft2', radix: 8, gpus: 4, node: null },
      { fabric: 'ft3', radix: 8, gpus: 16, node: null },
      { fabric: 'ft3', radix: 8, gpus: 40, node: null },
      { fabric: 'mrft', radix: 8, gpus: 64 },
      { fabric: 'mpft', radix: 8, gpus: 64 },
    ] as const;
    for (const spec of specs) {
      const r = analyzeFabric(spec);
      expect(r.diameter.method).toBe('bfs');
      expect(r.diameter.switchHops, JSON.stringify(spec)).toBe(countFabric(spec).diameterFormula);
    }
  });
});

describe('diameter by BFS from one switch per symmetry orbit', () => {
  it('equals the all-sources BFS on small Dragonflies and a full FT3', () => {
    for (const spec of [
      { fabric: 'df', a: 4, p: 2, h: 2, radix: 8, node: null },
      { fabric: 'df', a: 4, p: 2, h: 2, g: 6, radix: 8, node: null },
      { fabric: 'df', a: 6, p: 3, h: 3, g: 12, radix: 16, node: null },
      { fabric: 'ft3', radix: 8, node: null },
    ] as const) {
      const r = analyzeFabric(spec);
      expect(r.diameter.bfsSources).toBeLessThan(r.counts.switches);
      expect(r.diameter.switchHops, JSON.stringify(spec)).toBe(switchDiameterBfs(r.graph!, Infinity));
    }
  });
  it('the full Table 3 Dragonfly has diameter 3 by BFS from the 32 routers of group 0', () => {
    const r = analyzeFabric({ fabric: 'df', a: 32, p: 16, h: 16, g: 511, node: null }, { diversityPairs: 2 });
    expect(r.diameter).toEqual({ switchHops: 3, method: 'bfs', bfsSources: 32 });
  });
});
