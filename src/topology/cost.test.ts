import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import table3 from '../../data/paper/table3-topology.json' with { type: 'json' };
import { InputError } from '../core/index.js';
import { buildCluster } from './build.js';
import { fabricCost, fitPrices, loadPrices, TABLE3_FIT_INPUTS, TABLE3_FIT_PRICES } from './cost.js';
import { countFabric } from './count.js';
import { clusterPreset } from './presets.js';
import { countGraph } from './stats.js';

const paper = (id: string) => (table3 as { id: string; paper: number }[]).find((e) => e.id === id)!.paper;

describe('cost model', () => {
  it('the shipped prices are the exact fit on Table 3 FT2 and FT3 (built counts × published cost per endpoint)', () => {
    const ft2 = countGraph(buildCluster(clusterPreset('ft2-2048')));
    const ft3 = countGraph(buildCluster({ ...clusterPreset('ft3-65536'), node: null }));
    const fit = fitPrices(
      { ...ft2, costUsd: ft2.endpoints * paper('t3.ft2.cost-per-endpoint-kusd') * 1e3 },
      { ...ft3, costUsd: ft3.endpoints * paper('t3.ft3.cost-per-endpoint-kusd') * 1e3 },
    );
    expect(fit.switchUsd).toBeCloseTo(TABLE3_FIT_PRICES.switchUsd, 6);
    expect(fit.cableUsd).toBeCloseTo(TABLE3_FIT_PRICES.cableUsd, 6);
    expect(TABLE3_FIT_INPUTS.map((i) => [i.switches, i.links, i.endpoints])).toEqual([
      [ft2.switches, ft2.links, ft2.endpoints],
      [ft3.switches, ft3.links, ft3.endpoints],
    ]);
  });

  it('cost adds switches, cables, host cables, NICs and two transceivers per switch cable', () => {
    const c = fabricCost({ endpoints: 10, switches: 2, links: 3, hostLinks: 10 }, { switchUsd: 100, cableUsd: 10, cableUsdByClass: {}, hostCableUsd: 1, nicUsd: 5, transceiverUsd: 2, source: 't' });
    expect(c.costUsd).toBe(200 + 30 + 10 + 50 + 12);
    expect(c.costPerEndpointUsd).toBe(30.2);
  });

  it('a prices file overrides fields and keeps the rest; bad values name file:line:col', () => {
    const p = loadPrices('cableUsd: 700\n', 'p.yaml');
    expect(p.cableUsd).toBe(700);
    expect(p.switchUsd).toBe(TABLE3_FIT_PRICES.switchUsd);
    expect(p.source).toBe('p.yaml');
    expect(() => loadPrices('switchUsd: -1\n', 'p.yaml')).toThrow(InputError);
    expect(() => loadPrices('cableUsd: 1\nswitchUsd: -1\n', 'p.yaml')).toThrow(/^p\.yaml:2:\d+ switchUsd: expected a number ≥ 0/);
    expect(() => loadPrices('switchUsd: 1\nswitchPrice: 2\n', 'p.yaml')).toThrow(/switchPrice/);
  });

  it('the shipped price file loads through the same loader as user files', () => {
    const path = new URL('../../data/prices/table3-fit.json', import.meta.url);
    expect(loadPrices(readFileSync(path, 'utf8'), 'table3-fit.json')).toEqual(TABLE3_FIT_PRICES);
  });

  it('cable prices by class (type/length): long Dragonfly global cables priced apart', () => {
    const spec = clusterPreset('df-261632');
    const f = countFabric(spec);
    expect(f.linksByClass).toMatchObject({ dfLocal: 511 * 496, dfGlobal: 130816 });
    const prices = loadPrices('cableUsdByClass:\n  dfGlobal: 1000\n', 'p.yaml');
    const base = fabricCost(f);
    expect(fabricCost(f, prices).costUsd - base.costUsd).toBe(130816 * (1000 - 550));
    expect(() => loadPrices('cableUsdByClass:\n  transatlantic: 1\n', 'p.yaml')).toThrow(InputError);
  });
});
