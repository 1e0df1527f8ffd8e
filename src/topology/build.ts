/** `buildCluster(spec)`: one entry point that resolves a ClusterSpec and builds its Graph. */
import { buildDragonfly } from './dragonfly.js';
import { buildFatTree } from './fatTree.js';
import type { Graph } from './graph.js';
import { buildSlimFly } from './slimFly.js';
import { resolveSpec, type ClusterSpec, type ResolvedSpec } from './spec.js';

export function buildResolved(s: ResolvedSpec): Graph {
  switch (s.fabric) {
    case 'sf':
      return buildSlimFly(s);
    case 'df':
      return buildDragonfly(s);
    default:
      return buildFatTree(s);
  }
}

/** Build the cluster: GPU endpoints in rank order (rank = node · gpusPerNode + local index). */
export function buildCluster(spec: ClusterSpec): Graph {
  return buildResolved(resolveSpec(spec));
}
