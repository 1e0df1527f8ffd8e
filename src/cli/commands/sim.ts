import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/index.js';
import { readTextFile } from '../../io/nodeFiles.js';
import { parseAffinity, parseRoutingTrace } from '../../moe/index.js';
import { FORWARDING_MODES, ROUTING_MODES, type LinkUse } from '../../netsim/index.js';
import {
  ALGORITHMS,
  buildSimCluster,
  COLLECTIVES,
  EP_MODES,
  simulateCollective,
  simulateEp,
  type Collective,
  type EpPhase,
} from '../../collectives/index.js';
import { formatNumber, formatTable } from '../../report/index.js';
import { buildCluster, clusterSpecByName, parsePcieOption, withPcie } from '../../topology/index.js';
import type { CliIo, CommonFlags } from '../context.js';
import { bandwidthFlag, bytesFlag, choiceFlag, intFlag, numberFlag, seedFlag } from '../flags.js';
import { emit } from '../output.js';

interface SimFlags extends CommonFlags {
  cluster?: string;
  gpus?: string;
  size?: string;
  algo?: string;
  chunks?: string;
  routing?: string;
  forwarding?: string;
  pcie?: string;
  fail?: string;
  seed?: string;
  mergeTol?: string;
  nvlinkBw?: string;
  nicBw?: string;
  ep?: string;
  tokens?: string;
  hidden?: string;
  topk?: string;
  experts?: string;
  maxNodes?: string;
  mode?: string;
  dispatch?: string;
  combine?: string;
  affinity?: string;
  trace?: string;
  router?: string;
  redundant?: string;
}

const KINDS = [...COLLECTIVES.filter((c) => c !== 'p2p'), 'p2p', 'ep'] as const;
const DISPATCH = ['fp8', 'bf16'] as const;
const COMBINE = ['bf16', 'fp8'] as const;

const gbs = (x: number): string => `${formatNumber(x / 1e9)} GB/s`;
const us = (x: number): string => `${formatNumber(x * 1e6)} µs`;

function graphOf(f: SimFlags) {
  const s = {
    cluster: f.cluster ?? 'mpft',
    gpus: f.gpus !== undefined ? intFlag('--gpus', f.gpus, 1) : undefined,
    nvlinkBytesPerS: f.nvlinkBw !== undefined ? bandwidthFlag('--nvlink-bw', f.nvlinkBw) : undefined,
    nicBytesPerS: f.nicBw !== undefined ? bandwidthFlag('--nic-bw', f.nicBw) : undefined,
  };
  if (f.pcie === undefined) return buildSimCluster(s);
  // buildSimCluster takes no PCIe wiring: the same spec (name, GPUs, NVLink/NIC rates) with the nodes' PCIe tree set.
  const spec = withPcie(clusterSpecByName(s.cluster), parsePcieOption(f.pcie));
  if (s.gpus !== undefined) spec.gpus = s.gpus;
  if (s.nvlinkBytesPerS !== undefined) spec.node = { ...spec.node, nvlinkBytesPerS: s.nvlinkBytesPerS };
  if (s.nicBytesPerS !== undefined) {
    spec.node = { ...spec.node, nicBytesPerS: s.nicBytesPerS };
    spec.linkBytesPerS = s.nicBytesPerS;
  }
  return buildCluster(spec);
}

function net(f: SimFlags) {
  return {
    routing: f.routing !== undefined ? choiceFlag('--routing', f.routing, ROUTING_MODES) : undefined,
    forwarding: f.forwarding !== undefined ? choiceFlag('--forwarding', f.forwarding, FORWARDING_MODES) : undefined,
    failures: f.fail,
    seed: f.seed !== undefined ? seedFlag(f.seed) : 1,
    ...(f.mergeTol !== undefined ? { mergeRelTol: numberFlag('--merge-tol', f.mergeTol, { min: 0, max: 0.1 }) } : {}),
  };
}

function bottleneckText(b: readonly LinkUse[]): string {
  return b.length ? b.map((l) => `${l.name} (${l.kind}, ${formatNumber(100 * l.utilisation)}% busy)`).join('; ') : 'none';
}

function collectiveResult(kind: Collective, f: SimFlags) {
  if (f.size === undefined) throw new InputError('--size', undefined, 'a size such as 1GiB (the nccl-tests size column)');
  const sizeBytes = bytesFlag('--size', f.size);
  const graph = graphOf(f);
  const n = net(f);
  const r = simulateCollective({
    graph,
    op: kind,
    sizeBytes,
    gpus: f.gpus !== undefined ? intFlag('--gpus', f.gpus, 1) : undefined,
    algo: f.algo,
    chunks: f.chunks !== undefined ? intFlag('--chunks', f.chunks, 1, 1 << 16) : undefined,
    ...n,
  });
  const text = [
    `coplane sim ${kind} — ${r.algo}, ${r.gpus} GPUs on ${graph.meta.family}, size ${formatNumber(sizeBytes)} B`,
    '',
    formatTable(
      ['quantity', 'value'],
      [
        ['time', us(r.timeS)],
        ['algbw', gbs(r.algBytesPerS)],
        [`busbw (× ${formatNumber(r.busFactor)})`, gbs(r.busBytesPerS)],
        ['bytes sent per rank', formatNumber(r.perRankBytes)],
        ['flows', formatNumber(r.flows)],
        ['rate recomputations', formatNumber(r.recomputations)],
        ['merge tolerance', String(r.mergeRelTol)],
        ['unroutable flows', formatNumber(r.unroutable)],
      ],
      ['left', 'right'],
    ),
    '',
    `bottleneck: ${bottleneckText(r.bottleneck)}`,
  ].join('\n');
  return {
    command: `sim ${kind}`,
    seed: n.seed,
    warnings: r.warnings,
    fields: {
      op: r.op,
      algo: r.algo,
      gpus: r.gpus,
      timeS: r.timeS,
      sizeBytes: r.sizeBytes,
      perRankBytes: r.perRankBytes,
      algBytesPerS: r.algBytesPerS,
      busBytesPerS: r.busBytesPerS,
      busFactor: r.busFactor,
      bottleneck: r.bottleneck,
      flows: r.flows,
      recomputations: r.recomputations,
      mergeRelTol: r.mergeRelTol,
      unroutable: r.unroutable,
    },
    text,
  };
}

function phaseFields(p: EpPhase) {
  return {
    timeS: p.timeS,
    rdmaBytesPerGpu: p.rdmaBytesPerGpu,
    rdmaBytesPerGpuMax: p.rdmaBytesPerGpuMax,
    rdmaBytesPerS: p.rdmaBytesPerS,
    rdmaBytesPerSMax: p.rdmaBytesPerSMax,
    rdmaLogicalBytesPerS: p.rdmaLogicalBytesPerS,
    nvlinkBytesPerS: p.nvlinkBytesPerS,
    exposedS: p.exposedS,
    flows: p.flows,
    recomputations: p.recomputations,
    unroutable: p.unroutable,
    bottleneck: p.bottleneck,
  };
}

async function epResult(io: CliIo, f: SimFlags) {
  if (f.tokens === undefined) throw new InputError('--tokens', undefined, 'tokens per GPU (an integer ≥ 0)');
  const tokensPerGpu = intFlag('--tokens', f.tokens, 0);
  const graph = graphOf(f);
  const n = net(f);
  const hidden = f.hidden !== undefined ? intFlag('--hidden', f.hidden, 1) : 7168;
  const topK = f.topk !== undefined ? intFlag('--topk', f.topk, 1) : 8;
  const experts = f.experts !== undefined ? intFlag('--experts', f.experts, 1) : 256;
  const dispatch = f.dispatch !== undefined ? choiceFlag('--dispatch', f.dispatch, DISPATCH) : 'fp8';
  const combine = f.combine !== undefined ? choiceFlag('--combine', f.combine, COMBINE) : 'bf16';
  const perToken = (fmt: string): number => (fmt === 'fp8' ? hidden + Math.ceil(hidden / 128) * 4 : 2 * hidden);
  const selections = f.trace !== undefined ? parseRoutingTrace(await readTextFile(resolve(io.cwd, f.trace)), experts, topK, f.trace) : undefined;
  let last = -1;
  const r = simulateEp({
    graph,
    gpus: f.gpus !== undefined ? intFlag('--gpus', f.gpus, 1) : undefined,
    ep: f.ep !== undefined ? intFlag('--ep', f.ep, 1) : undefined,
    tokensPerGpu,
    hidden,
    topK,
    experts,
    maxNodes: f.maxNodes !== undefined ? intFlag('--max-nodes', f.maxNodes, 0) : 4,
    mode: f.mode !== undefined ? choiceFlag('--mode', f.mode, EP_MODES) : 'deepep',
    dispatchBytesPerToken: perToken(dispatch),
    combineBytesPerToken: perToken(combine),
    affinity: f.affinity !== undefined ? parseAffinity(f.affinity) : undefined,
    router: f.router !== undefined ? choiceFlag('--router', f.router, ['sampler', 'gate'] as const) : 'sampler',
    redundantExperts: f.redundant !== undefined ? intFlag('--redundant', f.redundant, 0) : 0,
    selections,
    ...n,
    onProgress: io.stderrIsTty
      ? (x) => {
          const pct = Math.floor(x * 100);
          if (pct === last) return;
          last = pct;
          const bar = '#'.repeat(Math.round(x * 30)).padEnd(30, ' ');
          io.stderr(`\r[${bar}] ${pct}%${x >= 1 ? '\n' : ''}`);
        }
      : undefined,
  });
  const rows = (name: string, p: EpPhase): string[] => [name, us(p.timeS), formatNumber(p.rdmaBytesPerGpu), `${gbs(p.rdmaBytesPerS)} / ${gbs(p.rdmaBytesPerSMax)}`, gbs(p.rdmaLogicalBytesPerS), gbs(p.nvlinkBytesPerS)];
  const text = [
    `coplane sim ep — ${r.groups} × EP${r.ep} on ${graph.meta.family}, ${tokensPerGpu} tokens/GPU, top-${topK} of ${experts}, ${dispatch} dispatch / ${combine} combine`,
    `routing: ${formatNumber(r.nodesPerToken)} nodes, ${formatNumber(r.gpusPerToken)} GPUs per token; ${formatNumber(r.expertsPerNode)} experts per reached node`,
    '',
    formatTable(['phase', 'time', 'RDMA B/GPU', 'RDMA mean / max', 'RDMA logical', 'NVLink'], [rows('dispatch', r.dispatch), rows('combine', r.combine)], ['left', 'right', 'right', 'right', 'right', 'right']),
    '',
    `dispatch bottleneck: ${bottleneckText(r.dispatch.bottleneck)}`,
    `combine bottleneck: ${bottleneckText(r.combine.bottleneck)}`,
  ].join('\n');
  return {
    command: 'sim ep',
    seed: n.seed,
    warnings: r.warnings,
    fields: {
      gpus: r.groups * r.ep,
      ep: r.ep,
      groups: r.groups,
      tokensPerGpu,
      dispatch: phaseFields(r.dispatch),
      combine: phaseFields(r.combine),
      nodesPerToken: r.nodesPerToken,
      gpusPerToken: r.gpusPerToken,
      expertsPerNode: r.expertsPerNode,
      simulations: r.simulations,
    },
    text,
  };
}

export function registerSim(program: Command, io: CliIo): void {
  program
    .command('sim')
    .description('simulate a collective or MoE expert-parallel dispatch + combine on a cluster (flow-level, max-min fair)')
    .argument('<kind>', KINDS.join('|'))
    .option('--cluster <name>', 'fabric family or preset (default mpft)')
    .option('--gpus <n>', 'GPUs taking part (default: the whole cluster)')
    .option('--size <bytes>', 'collective size (nccl-tests size column), e.g. 1GiB')
    .option('--algo <name>', `collective algorithm: ${ALGORITHMS.join(', ')}`)
    .option('--chunks <n>', 'pipelining chunks for tree and broadcast (default 8)')
    .option('--routing <mode>', ROUTING_MODES.join('|'))
    .option('--forwarding <mode>', `intra-node forwarding to the right plane: ${FORWARDING_MODES.join('|')}`)
    .option('--pcie <spec>', 'node PCIe tree: none, hgx, or gpus-per-switch=N,switches-per-cpu=N,bw=BW,uplink=BW,cpu-link=BW[,latency=T,uplink-latency=T,cpu-link-latency=T]')
    .option('--fail <spec>', 'failures: link:ID, node:ID, switch:ID, leaf:K, spine:K, nic:RANK, plane:P, each optionally @FACTOR')
    .option('--nvlink-bw <bw>', 'NVLink bandwidth per GPU each way, e.g. 160GB/s')
    .option('--nic-bw <bw>', 'NIC (and switch link) bandwidth, e.g. 400Gbps')
    .option('--ep <n>', 'EP group size (default --gpus)')
    .option('--tokens <n>', 'tokens per GPU (ep)')
    .option('--hidden <n>', 'hidden size (default 7168)')
    .option('--topk <n>', 'routed experts per token (default 8)')
    .option('--experts <n>', 'routed experts (default 256)')
    .option('--max-nodes <n>', 'nodes a token may reach, 0 = no limit (default 4)')
    .option('--mode <mode>', 'deepep (node-limited, IB then NVLink) or naive (one transfer per token and expert)')
    .option('--dispatch <fmt>', 'fp8 (with 1×128 FP32 scales) or bf16')
    .option('--combine <fmt>', 'bf16 or fp8')
    .option('--affinity <spec>', 'uniform, zipf[:S] or hot[:N[:FACTOR]]')
    .option('--router <kind>', 'sampler (fast) or gate (exact gate on synthetic logits)')
    .option('--redundant <n>', 'redundant expert copies (default 0)')
    .option('--trace <file>', 'routing trace: one token per line, its expert ids')
    .option('--seed <n>', 'seed (default 1)')
    .option('--merge-tol <x>', 'drains within this relative time of an event are merged into one rate recomputation (0 to 0.1; default for collectives 1e-9, or 1e-2 from 1M flows on; 1e-3 for ep); 1e-2 costs ~0.2% accuracy on a 2,048-GPU all-to-all')
    .option('--json', 'print one JSON document')
    .option('--debug', 'show stack traces on errors')
    .action(async (kind: string, f: SimFlags) => {
      const k = choiceFlag('kind', kind, KINDS);
      const r = k === 'ep' ? await epResult(io, f) : collectiveResult(k, f);
      emit(io, f.json, r);
    });
}
