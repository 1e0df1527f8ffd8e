/** Cluster and node presets shipped in data/clusters/, addressable by name. */
import { InputError } from '../core/index.js';
import { FABRICS, type Fabric } from './spec.js';
import h800 from '../../data/clusters/h800-node.json' with { type: 'json' };
import h800Pcie from '../../data/clusters/h800-pcie-node.json' with { type: 'json' };
import nvl72 from '../../data/clusters/nvl72.json' with { type: 'json' };
import mpft2048 from '../../data/clusters/mpft-2048.json' with { type: 'json' };
import mrft2048 from '../../data/clusters/mrft-2048.json' with { type: 'json' };
import ft32048 from '../../data/clusters/ft3-2048.json' with { type: 'json' };
import ft22048 from '../../data/clusters/ft2-2048.json' with { type: 'json' };
import mpft16384 from '../../data/clusters/mpft-16384.json' with { type: 'json' };
import ft365536 from '../../data/clusters/ft3-65536.json' with { type: 'json' };
import sf32928 from '../../data/clusters/sf-32928.json' with { type: 'json' };
import df261632 from '../../data/clusters/df-261632.json' with { type: 'json' };
import mpft2048Pcie from '../../data/clusters/mpft-2048-pcie.json' with { type: 'json' };
import type { ClusterSpec, NodeSpec } from './spec.js';

interface PresetFile {
  name: string;
  description: string;
  /** A node spec, the name of a node preset, or null for bare endpoints. */
  node: Omit<NodeSpec, 'name'> | string | null;
  cluster: Omit<ClusterSpec, 'node'>;
}

const FILES: PresetFile[] = [h800, nvl72, mpft2048, mrft2048, ft32048, ft22048, mpft16384, ft365536, sf32928, df261632, h800Pcie, mpft2048Pcie] as PresetFile[];

export const CLUSTER_PRESET_NAMES: readonly string[] = FILES.map((f) => f.name);

function byName(name: string): PresetFile {
  const f = FILES.find((x) => x.name === name);
  if (!f) throw new InputError('preset', name, `one of ${CLUSTER_PRESET_NAMES.join(', ')}`);
  return f;
}

/** The node (scale-up domain) of a preset, e.g. `h800-node` or `nvl72`. */
export function nodePreset(name: string): NodeSpec {
  const f = byName(name);
  if (typeof f.node === 'string') return nodePreset(f.node);
  if (f.node === null) throw new InputError('preset', name, 'a preset with a scale-up node (h800-node, h800-pcie-node, nvl72)');
  return { name: f.name, ...f.node };
}

export function clusterPreset(name: string): ClusterSpec {
  const f = byName(name);
  const node = f.node === null ? null : typeof f.node === 'string' ? nodePreset(f.node) : nodePreset(f.name);
  return { ...f.cluster, node };
}

export function presetDescription(name: string): string {
  return byName(name).description;
}

/** A fabric family (its defaults) or a preset, by name. */
export function clusterSpecByName(name: string, field = 'cluster'): ClusterSpec {
  if ((FABRICS as readonly string[]).includes(name)) return { fabric: name as Fabric };
  if (CLUSTER_PRESET_NAMES.includes(name)) return clusterPreset(name);
  throw new InputError(field, name, `one of ${FABRICS.join(', ')} or a preset (${CLUSTER_PRESET_NAMES.join(', ')})`);
}
