import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/index.js';
import { readTextFile, writeFileAtomic } from '../../io/nodeFiles.js';
import { formatNumber, formatTable } from '../../report/index.js';
import {
  analyzeFabric,
  CLUSTER_PRESET_NAMES,
  clusterPreset,
  EXPORT_FORMATS,
  exportGraph,
  FABRICS,
  loadPrices,
  nodePreset,
  SCALE_OUT_KINDS,
  TABLE3_FIT_INPUTS,
  type ClusterSpec,
  type Fabric,
  type FabricReport,
} from '../../topology/index.js';
import type { CliIo, CommonFlags } from '../context.js';
import { choiceFlag, intFlag, numberFlag, seedFlag } from '../flags.js';
import { emit } from '../output.js';

interface TopoFlags extends CommonFlags {
  radix?: string;
  planes?: string;
  gpus?: string;
  oversubscription?: string;
  q?: string;
  a?: string;
  p?: string;
  h?: string;
  g?: string;
  node?: string;
  linkKind?: string;
  prices?: string;
  export?: string;
  out?: string;
  seed?: string;
}

const NODE_CHOICES = ['h800-node', 'nvl72', 'none'] as const;

/** The fabric argument (a family or a preset) plus flags → a ClusterSpec. */
export function topoSpec(arg: string, f: TopoFlags): ClusterSpec {
  let spec: ClusterSpec;
  if ((FABRICS as readonly string[]).includes(arg)) spec = { fabric: arg as Fabric };
  else if (CLUSTER_PRESET_NAMES.includes(arg)) spec = clusterPreset(arg);
  else throw new InputError('fabric', arg, `one of ${FABRICS.join(', ')} or a preset (${CLUSTER_PRESET_NAMES.join(', ')})`);
  const s: ClusterSpec = { ...spec };
  if (f.radix !== undefined) s.radix = intFlag('--radix', f.radix, 4, 1 << 16);
  if (f.planes !== undefined) s.planes = intFlag('--planes', f.planes, 1, 1 << 12);
  if (f.gpus !== undefined) s.gpus = intFlag('--gpus', f.gpus, 1);
  if (f.oversubscription !== undefined) s.oversubscription = numberFlag('--oversubscription', f.oversubscription, { min: 0, exclusiveMin: true });
  if (f.q !== undefined) s.q = intFlag('--q', f.q, 3, 1 << 16);
  if (f.a !== undefined) s.a = intFlag('--a', f.a, 2, 1 << 16);
  if (f.p !== undefined) s.p = intFlag('--p', f.p, 1, 1 << 16);
  if (f.h !== undefined) s.h = intFlag('--h', f.h, 1, 1 << 16);
  if (f.g !== undefined) s.g = intFlag('--g', f.g, 2, 1 << 20);
  if (f.node !== undefined) {
    const n = choiceFlag('--node', f.node, NODE_CHOICES);
    s.node = n === 'none' ? null : nodePreset(n);
  }
  if (f.linkKind !== undefined) s.linkKind = choiceFlag('--link-kind', f.linkKind, SCALE_OUT_KINDS);
  return s;
}

const usd = (x: number) => `$${formatNumber(Math.round(x))}`;
const gbs = (x: number) => `${formatNumber(x / 1e9)} GB/s`;

function text(r: FabricReport, exported: string | null): string {
  const s = r.spec;
  const c = r.graphCounts ?? r.counts;
  const params =
    s.fabric === 'sf'
      ? `q ${s.sf!.q}, network radix ${s.sf!.networkRadix}, ${s.sf!.endpointsPerRouter} endpoints/router`
      : s.fabric === 'df'
        ? `a ${s.df!.a}, p ${s.df!.p}, h ${s.df!.h}, g ${s.df!.g}`
        : `${r.counts.tiers} tiers, planes ${s.planes}, leaf ${s.down} down / ${s.up} up`;
  const node = s.node ? `${s.node.name} (${s.node.gpusPerNode} GPUs/node)` : 'bare endpoints';
  const rows: string[][] = [
    ['endpoints', formatNumber(c.endpoints)],
    ['switches', formatNumber(c.switches)],
    ['links (switch-to-switch)', formatNumber(c.links)],
    ['host links (NIC-to-switch)', formatNumber(c.hostLinks)],
    ['diameter (switch hops)', `${r.diameter.switchHops} (${r.diameter.method === 'bfs' ? `BFS from ${formatNumber(r.diameter.bfsSources)} switches` : 'formula'})`],
    ['bisection (each way)', `${gbs(r.bisection.bytesPerS)} (${r.bisection.method})`],
    ['cost', usd(r.cost.costUsd)],
    ['cost per endpoint', usd(r.cost.costPerEndpointUsd)],
  ];
  if (r.pathDiversity && r.pathDiversity.pairs > 0) {
    const d = r.pathDiversity;
    rows.push(['equal-cost paths (NIC→NIC)', `${formatNumber(d.pathsMin)}–${formatNumber(d.pathsMax)}, mean ${formatNumber(d.pathsMean)} over ${d.pairs} pairs, ${d.hopsMin}–${d.hopsMax} links`]);
  }
  const p = r.prices;
  const lines = [
    `coplane topo ${s.fabric} — radix ${s.radix}, ${params}; ${node}; ${s.linkKind} ${gbs(s.linkBytesPerS)}, ${formatNumber(s.linkLatencyS * 1e6)} µs per hop`,
    r.graph ? `built: ${formatNumber(r.graph.nodeCount)} nodes, ${formatNumber(r.graph.linkCount)} directed links` : 'not built (counts by formula)',
    '',
    formatTable(['quantity', 'value'], rows, ['left', 'right']),
    '',
    `prices (${p.source}): switch ${usd(p.switchUsd)}, switch-to-switch cable ${usd(p.cableUsd)}, host cable ${usd(p.hostCableUsd)}, NIC ${usd(p.nicUsd)}, transceiver ${usd(p.transceiverUsd)}`,
  ];
  const byClass = Object.entries(p.cableUsdByClass);
  if (byClass.length) lines.push(`  cables by class: ${byClass.map(([k, v]) => `${k} ${usd(v ?? 0)}`).join(', ')}; links by class: ${Object.entries(c.linksByClass).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${formatNumber(n)}`).join(', ')}`);
  if (p.source === 'table3-fit')
    lines.push(`  fitted on Table 3: ${TABLE3_FIT_INPUTS.map((i) => `${i.column} ${i.switches} switches + ${i.links} links = ${i.endpoints} × ${usd(i.costPerEndpointUsd)}`).join('; ')}`);
  lines.push(`bisection: ${r.bisection.note}`);
  const arr = r.dragonflyArrangement;
  if (arr)
    lines.push(
      `global links: ${arr.linksPerGroupPair} per pair of groups; ${arr.sparePortsPerGroup} spare ports per group → ${arr.ringOffsets} ring(s) of second links${arr.matching ? ' + a perfect matching' : ''}${arr.idlePortsPerGroup ? `, ${arr.idlePortsPerGroup} idle` : ''}`,
    );
  if (exported) lines.push(`exported to ${exported}`);
  return lines.join('\n');
}

export async function topoResult(io: CliIo, arg: string, f: TopoFlags) {
  const spec = topoSpec(arg, f);
  const format = f.export !== undefined ? choiceFlag('--export', f.export, EXPORT_FORMATS) : null;
  if (format && !f.out) throw new InputError('--out', f.out, 'a file name to write the export to (with --export)');
  if (!format && f.out) throw new InputError('--export', f.export, `one of ${EXPORT_FORMATS.join(', ')} (with --out)`);
  const prices = f.prices !== undefined ? loadPrices(await readTextFile(resolve(io.cwd, f.prices)), f.prices) : undefined;
  const seed = f.seed !== undefined ? seedFlag(f.seed) : 1;
  const r = analyzeFabric(spec, { prices, seed });
  if (format && !r.graph) {
    const q = r.spec.sf?.q;
    throw new InputError('--q', q, 'a prime power to build and export a Slim Fly (other q are counted by formula only)');
  }
  if (format && f.out && r.graph) await writeFileAtomic(resolve(io.cwd, f.out), exportGraph(r.graph, format));
  const c = r.graphCounts ?? r.counts;
  const fields = {
    fabric: r.spec.fabric,
    built: r.graph !== null,
    endpoints: c.endpoints,
    switches: c.switches,
    links: c.links,
    hostLinks: c.hostLinks,
    linksByClass: c.linksByClass,
    gpus: r.graphCounts ? r.graphCounts.gpus : r.spec.node ? r.spec.gpus : 0,
    tiers: r.counts.tiers,
    costUsd: r.cost.costUsd,
    costPerEndpointUsd: r.cost.costPerEndpointUsd,
    cost: r.cost,
    prices: r.prices,
    pricesFit: r.prices.source === 'table3-fit' ? TABLE3_FIT_INPUTS : null,
    diameter: r.diameter,
    bisection: r.bisection,
    pathDiversity: r.pathDiversity,
    dragonflyArrangement: r.dragonflyArrangement,
    params: {
      radix: r.spec.radix,
      planes: r.spec.planes,
      gpus: r.spec.gpus,
      oversubscription: r.spec.oversubscription,
      leafDown: r.spec.down,
      leafUp: r.spec.up,
      node: r.spec.node,
      linkKind: r.spec.linkKind,
      linkBytesPerS: r.spec.linkBytesPerS,
      linkLatencyS: r.spec.linkLatencyS,
      sf: r.spec.sf,
      df: r.spec.df,
    },
    export: format && f.out ? { format, file: f.out } : null,
  };
  return { command: 'topo', seed, warnings: r.warnings, fields, text: text(r, format ? f.out! : null) };
}

export function registerTopo(program: Command, io: CliIo): void {
  program
    .command('topo')
    .description('build a cluster fabric (ft2, ft3, mrft, mpft, sf, df or a preset), count and price it')
    .argument('<fabric>', `${FABRICS.join(' | ')} or a preset: ${CLUSTER_PRESET_NAMES.join(', ')}`)
    .option('--radix <n>', 'switch ports (even), default 64')
    .option('--planes <n>', 'MPFT planes / MRFT rails (divides the NICs per node), default 8')
    .option('--gpus <n>', 'endpoints deployed (default: the full fabric)')
    .option('--oversubscription <r>', 'fat-tree leaf down:up ratio, default 1')
    .option('--q <q>', 'Slim Fly MMS parameter (default: largest that fits the radix)')
    .option('--a <n>', 'Dragonfly routers per group')
    .option('--p <n>', 'Dragonfly endpoints per router')
    .option('--h <n>', 'Dragonfly global links per router')
    .option('--g <n>', 'Dragonfly groups (≤ a·h + 1)')
    .option('--node <name>', `scale-up node: ${NODE_CHOICES.join(', ')}`)
    .option('--link-kind <kind>', 'ib or roce (sets the per-hop latency default)')
    .option('--prices <file>', 'prices YAML/JSON (switchUsd, cableUsd, cableUsdByClass, hostCableUsd, nicUsd, transceiverUsd)')
    .option('--export <format>', `write the graph: ${EXPORT_FORMATS.join(', ')}`)
    .option('--out <file>', 'file for --export (written atomically)')
    .option('--seed <n>', 'seed for the path-diversity sample, default 1')
    .option('--json', 'print one JSON document')
    .option('--debug', 'show stack traces on errors')
    .action(async (arg: string, opts: TopoFlags) => emit(io, opts.json, await topoResult(io, arg, opts)));
}
