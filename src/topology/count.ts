/**
 * Counts by formula, for any size (no graph built): the same layout rules as the builders, evaluated
 * arithmetically, so Slim Fly with q = 28 (no MMS graph exists) and full-size fabrics are counted instantly.
 */
import { dragonflyCounts } from './dragonfly.js';
import { fatTreeLayout } from './fatTree.js';
import { primePower } from './gf.js';
import { mmsLinkCount } from './slimFly.js';
import { resolveSpec, type ClusterSpec, type ResolvedSpec } from './spec.js';
import { emptyLinksByClass, type LinksByClass } from './stats.js';

export interface FabricCounts {
  /** Fabric endpoints (NICs or bare hosts). */
  endpoints: number;
  switches: number;
  /** Switch-to-switch cables (Table 3's links). */
  links: number;
  /** NIC/host-to-switch cables. */
  hostLinks: number;
  /** Switch-to-switch cables by class (sums to `links`). */
  linksByClass: LinksByClass;
  /** Switch tiers (1 for the direct networks Slim Fly and Dragonfly). */
  tiers: number;
  /** Whether `buildCluster` can build this spec (false only for a Slim Fly whose q is not a prime power). */
  buildable: boolean;
  /** Nominal switch-to-switch diameter of the family in switch hops. */
  diameterFormula: number;
}

export function countResolved(s: ResolvedSpec): FabricCounts {
  switch (s.fabric) {
    case 'sf': {
      const { q, delta } = s.sf!;
      const links = mmsLinkCount(q, delta);
      const linksByClass = { ...emptyLinksByClass(), sfRouter: links };
      return { endpoints: s.gpus, switches: 2 * q * q, links, hostLinks: s.gpus, linksByClass, tiers: 1, buildable: primePower(q) !== null, diameterFormula: 2 };
    }
    case 'df': {
      const { a, p, h, g } = s.df!;
      const c = dragonflyCounts(a, p, h, g);
      const linksByClass = { ...emptyLinksByClass(), dfLocal: c.localLinks, dfGlobal: c.globalLinks };
      return { endpoints: s.gpus, switches: c.routers, links: c.localLinks + c.globalLinks, hostLinks: s.gpus, linksByClass, tiers: 1, buildable: true, diameterFormula: 3 };
    }
    default: {
      const lay = fatTreeLayout(s);
      return {
        endpoints: s.gpus,
        switches: lay.leaves + lay.spines + lay.aggs + lay.cores,
        links: lay.switchLinks,
        hostLinks: lay.hostLinks,
        linksByClass: { ...emptyLinksByClass(), leafSpine: lay.switchLinks - lay.coreLinks, spineCore: lay.coreLinks },
        tiers: lay.tiers,
        buildable: true,
        // A lone leaf switches everything itself; one pod has no cores (leaf–agg–leaf).
        diameterFormula: lay.spines + lay.aggs + lay.cores === 0 ? 0 : lay.tiers === 2 || lay.cores === 0 ? 2 : 4,
      };
    }
  }
}

/** Endpoints, switches, switch-to-switch links and host links of a fabric, by formula. */
export function countFabric(spec: ClusterSpec): FabricCounts {
  return countResolved(resolveSpec(spec));
}
