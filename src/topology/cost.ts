/**
 * Cost model (the Slim Fly papers' method, as in the paper's Table 3): switches × switch price + switch-to-switch
 * cables × cable price; optionally host cables, NICs and transceivers (zero by default: Table 3 leaves them out).
 *
 * Calibrated constants TABLE3_FIT_PRICES (data/prices/table3-fit.json): no unit prices are published, so the
 * switch and cable price are fitted exactly on Table 3's FT2 and FT3 columns (`fitPrices`, two equations in
 * two unknowns); every other column is validation. Override with a prices file (`loadPrices`).
 */
import { z } from 'zod';
import { InputError } from '../core/index.js';
import { loadSpec } from '../spec/index.js';
import fitted from '../../data/prices/table3-fit.json' with { type: 'json' };
import { LINK_CLASSES, type LinkClass, type LinksByClass } from './stats.js';

export interface Prices {
  /** Price of one switch (any tier, any radix used here). */
  switchUsd: number;
  /** Price of one switch-to-switch cable. */
  cableUsd: number;
  /** Optional price by cable class (type/length), e.g. long Dragonfly global cables; other classes cost `cableUsd`. */
  cableUsdByClass: Partial<Record<LinkClass, number>>;
  /** Price of one NIC/host-to-switch cable. */
  hostCableUsd: number;
  /** Price of one NIC (per fabric endpoint). */
  nicUsd: number;
  /** Price of one transceiver; two per switch-to-switch cable. */
  transceiverUsd: number;
  /** Where the prices came from (file name or `table3-fit`). */
  source: string;
}

export const TABLE3_FIT_PRICES: Prices = {
  switchUsd: fitted.switchUsd,
  cableUsd: fitted.cableUsd,
  cableUsdByClass: {},
  hostCableUsd: fitted.hostCableUsd,
  nicUsd: fitted.nicUsd,
  transceiverUsd: fitted.transceiverUsd,
  source: fitted.name,
};

/** The fit's inputs as documented beside the fitted prices. */
export const TABLE3_FIT_INPUTS = fitted.fit.inputs;

const money = z.number().nonnegative().finite();
export const PricesSchema = z
  .object({
    name: z.string().optional(),
    description: z.string().optional(),
    switchUsd: money.optional(),
    cableUsd: money.optional(),
    cableUsdByClass: z.partialRecord(z.enum(LINK_CLASSES), money).optional(),
    hostCableUsd: money.optional(),
    nicUsd: money.optional(),
    transceiverUsd: money.optional(),
    fit: z.unknown().optional(),
  })
  .strict();

/** Prices from a YAML/JSON file's text; missing fields keep the fitted defaults. */
export function loadPrices(text: string, fileName: string): Prices {
  const p = loadSpec(PricesSchema, text, fileName);
  return {
    switchUsd: p.switchUsd ?? TABLE3_FIT_PRICES.switchUsd,
    cableUsd: p.cableUsd ?? TABLE3_FIT_PRICES.cableUsd,
    cableUsdByClass: { ...(p.cableUsdByClass ?? {}) },
    hostCableUsd: p.hostCableUsd ?? TABLE3_FIT_PRICES.hostCableUsd,
    nicUsd: p.nicUsd ?? TABLE3_FIT_PRICES.nicUsd,
    transceiverUsd: p.transceiverUsd ?? TABLE3_FIT_PRICES.transceiverUsd,
    source: p.name ?? fileName,
  };
}

export interface CostInput {
  endpoints: number;
  switches: number;
  links: number;
  hostLinks: number;
  /** Needed only when prices set `cableUsdByClass`. */
  linksByClass?: LinksByClass;
}

export interface Cost {
  costUsd: number;
  costPerEndpointUsd: number;
  switchesUsd: number;
  cablesUsd: number;
  hostCablesUsd: number;
  nicsUsd: number;
  transceiversUsd: number;
}

export function fabricCost(c: CostInput, prices: Prices = TABLE3_FIT_PRICES): Cost {
  const switchesUsd = c.switches * prices.switchUsd;
  let cablesUsd = c.links * prices.cableUsd;
  const byClass = prices.cableUsdByClass ?? {};
  if (Object.keys(byClass).length > 0) {
    if (!c.linksByClass) throw new Error('cable prices by class need link counts by class');
    for (const k of LINK_CLASSES) {
      const price = byClass[k];
      if (price !== undefined) cablesUsd += c.linksByClass[k] * (price - prices.cableUsd);
    }
  }
  const hostCablesUsd = c.hostLinks * prices.hostCableUsd;
  const nicsUsd = c.endpoints * prices.nicUsd;
  const transceiversUsd = 2 * c.links * prices.transceiverUsd;
  const costUsd = switchesUsd + cablesUsd + hostCablesUsd + nicsUsd + transceiversUsd;
  return { costUsd, costPerEndpointUsd: c.endpoints > 0 ? costUsd / c.endpoints : 0, switchesUsd, cablesUsd, hostCablesUsd, nicsUsd, transceiversUsd };
}

/** Solve switches·S + links·C = cost for two columns (exact fit of a switch and a cable price). */
export function fitPrices(
  a: { switches: number; links: number; costUsd: number },
  b: { switches: number; links: number; costUsd: number },
): { switchUsd: number; cableUsd: number } {
  const det = a.switches * b.links - a.links * b.switches;
  if (det === 0) throw new InputError('fit', 'two columns', 'two columns with independent (switches, links) counts');
  return {
    switchUsd: (a.costUsd * b.links - a.links * b.costUsd) / det,
    cableUsd: (a.switches * b.costUsd - a.costUsd * b.switches) / det,
  };
}
