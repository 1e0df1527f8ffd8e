/**
 * Parameter counts, summed from the tensor list of tensors.ts.
 *
 * - `total`: the main model as trained and served without MTP: embedding + layers + final norm + output
 *   head (0 extra when tied). DeepSeek-V3: 671.03B.
 * - `mtp.unique`: the MTP modules' own weights (projection, norms, block); their embedding and head are the
 *   main model's. The released V3 checkpoint nevertheless stores a copy of both in layer 61, so
 *   `checkpointTotal` = total + mtp.unique + those copies (V3: 684.49B, the "685B" of the model card).
 * - activated per token: routed experts count top-k of n; everything else counts fully. Three variants,
 *   because published "activated" figures differ in what they include: `active` (with input embedding
 *   and output head), `activeWithoutEmbedding` (head kept: the GEMM weights a token touches, plus norms),
 *   `activeNonEmbedding` (neither).
 */
import type { FfnKind, ModelArch } from './arch.js';
import { layerTensors, mtpTensors, tensorActiveParams, tensorParams, type TensorRole, type TensorSpec } from './tensors.js';

export interface RoleParams {
  embedding: number;
  head: number;
  attention: number;
  denseFfn: number;
  routedExperts: number;
  sharedExperts: number;
  /** MoE router (gate) weights and DeepSeek-V3's selection bias. */
  router: number;
  norms: number;
  /** MTP projection eh_proj (only in MTP sums). */
  mtpProj: number;
}

export interface LayerParams {
  index: number;
  ffn: FfnKind;
  attention: number;
  /** FFN including router and shared experts. */
  ffnParams: number;
  norms: number;
  total: number;
  active: number;
}

export interface ParamCounts extends RoleParams {
  total: number;
  active: number;
  activeWithoutEmbedding: number;
  activeNonEmbedding: number;
  /** Activated per role (routed experts: top-k). */
  activeByRole: RoleParams;
  mtp: {
    modules: number;
    /** The modules' own weights (embedding and head shared with the main model). */
    unique: number;
    /** Activated per token by one module's own weights. */
    activeUnique: number;
    /** Embedding + head copies a checkpoint stores with the modules (DeepSeek-V3 layer 61). */
    storedEmbeddingHead: number;
    byRole: RoleParams;
  };
  /** total + MTP unique + the MTP's stored embedding/head copies: what a safetensors checkpoint holds. */
  checkpointTotal: number;
  perLayer: LayerParams[];
}

function emptyRoles(): RoleParams {
  return { embedding: 0, head: 0, attention: 0, denseFfn: 0, routedExperts: 0, sharedExperts: 0, router: 0, norms: 0, mtpProj: 0 };
}

const ROLE_KEY: Record<TensorRole, keyof RoleParams> = {
  embedding: 'embedding',
  head: 'head',
  attention: 'attention',
  denseFfn: 'denseFfn',
  routedExperts: 'routedExperts',
  sharedExperts: 'sharedExperts',
  router: 'router',
  norm: 'norms',
  mtpProj: 'mtpProj',
};

function addTo(roles: RoleParams, active: RoleParams, tensors: readonly TensorSpec[]): void {
  for (const t of tensors) {
    roles[ROLE_KEY[t.role]] += tensorParams(t);
    active[ROLE_KEY[t.role]] += tensorActiveParams(t);
  }
}

function sumRoles(r: RoleParams): number {
  return r.embedding + r.head + r.attention + r.denseFfn + r.routedExperts + r.sharedExperts + r.router + r.norms + r.mtpProj;
}

/** Parameters of one layer by kind, memoised per call (all layers of a kind are identical). */
function layerParams(arch: ModelArch, kind: FfnKind, index: number): LayerParams {
  const roles = emptyRoles();
  const active = emptyRoles();
  addTo(roles, active, layerTensors(arch, kind));
  return {
    index,
    ffn: kind,
    attention: roles.attention,
    ffnParams: roles.denseFfn + roles.routedExperts + roles.sharedExperts + roles.router,
    norms: roles.norms,
    total: sumRoles(roles),
    active: sumRoles(active),
  };
}

export function countParams(arch: ModelArch): ParamCounts {
  const roles = emptyRoles();
  const active = emptyRoles();
  const embedding = arch.vocab * arch.hidden;
  const head = arch.tieEmbeddings ? 0 : arch.vocab * arch.hidden;
  roles.embedding = active.embedding = embedding;
  roles.head = head;
  // A tied head stores nothing extra but still runs a vocab × hidden GEMM for every token.
  active.head = arch.vocab * arch.hidden;
  const byKind = new Map<FfnKind, TensorSpec[]>();
  for (const kind of new Set(arch.layerFfn)) byKind.set(kind, layerTensors(arch, kind));
  for (const kind of arch.layerFfn) addTo(roles, active, byKind.get(kind) ?? []);
  roles.norms += arch.hidden; // final norm
  active.norms += arch.hidden;
  const perLayer = arch.layerFfn.map((k, i) => layerParams(arch, k, i));

  const mtpRoles = emptyRoles();
  const mtpActive = emptyRoles();
  if (arch.mtpLayers > 0) {
    const one = mtpTensors(arch);
    for (let k = 0; k < arch.mtpLayers; k++) addTo(mtpRoles, mtpActive, one);
  }
  const mtpUnique = sumRoles(mtpRoles);
  const storedEmbeddingHead = arch.mtpLayers > 0 ? arch.mtpLayers * (embedding + head) : 0;
  const total = sumRoles(roles);
  const activeAll = sumRoles(active);
  return {
    ...roles,
    total,
    active: activeAll,
    activeWithoutEmbedding: activeAll - active.embedding,
    activeNonEmbedding: activeAll - active.embedding - active.head,
    activeByRole: active,
    mtp: {
      modules: arch.mtpLayers,
      unique: mtpUnique,
      activeUnique: arch.mtpLayers > 0 ? sumRoles(mtpActive) / arch.mtpLayers : 0,
      storedEmbeddingHead,
      byRole: mtpRoles,
    },
    checkpointTotal: total + mtpUnique + storedEmbeddingHead,
    perLayer,
  };
}
