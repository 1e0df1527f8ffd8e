/**
 * The DeepSeek-V2/V3 transformer with a KV cache: embedding, blocks `x + attn(attn_norm x)`,
 * `x + ffn(ffn_norm x)` (dense first layers, MoE after), final norm, output head; plus the MTP modules.
 * A `Session` holds the caches of B sequences that advance together (as DeepSeek's Transformer.forward).
 */
import { InputError } from '../core/index.js';
import { OpCounter, linear, rmsNorm, ropeTable } from '../tensor/index.js';
import { mlaForward, type RopeTables } from './attention.js';
import { LayerCache, type AttnMode } from './cache.js';
import { gateSpecOf, type RefConfig } from './config.js';
import { mlpForward, moeForward, type MoeTrace } from './ffn.js';
import type { BlockWeights, ModelWeights } from './weights.js';

export interface ForwardObserver {
  /** Called by every MoE layer (main layers 0..n−1; MTP module k reports layer n+k). */
  moe?(layer: number, trace: MoeTrace): void;
}

export interface ForwardResult {
  /** [B·S, vocab] logits of every position when `allLogits`, else [B, vocab] of each sequence's last. */
  logits: Float32Array;
  /** [B·S, dim] final-normed hidden states (the MTP module's input h). */
  hidden: Float32Array;
}

export class DeepSeekModel {
  readonly counter = new OpCounter();
  readonly gateSpec;

  constructor(
    readonly cfg: RefConfig,
    readonly weights: ModelWeights,
  ) {
    this.gateSpec = gateSpecOf(cfg);
  }

  /** New caches for `batch` sequences of up to `capacity` positions. */
  session(batch: number, capacity: number, mode: AttnMode = 'naive'): Session {
    return new Session(this, batch, capacity, mode);
  }

  embed(tokens: Int32Array | readonly number[]): Float32Array {
    const { dim, vocabSize } = this.cfg;
    const x = new Float32Array(tokens.length * dim);
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      if (!Number.isInteger(tok) || tok < 0 || tok >= vocabSize) throw new InputError('token', tok, `an id from 0 to ${vocabSize - 1}`);
      x.set(this.weights.embed.subarray(tok * dim, (tok + 1) * dim), i * dim);
    }
    return x;
  }

  /** One block on rows x [B·S, dim], in place. */
  block(w: BlockWeights, layer: number, cache: LayerCache, x: Float32Array, batch: number, seq: number, start: number, rope: RopeTables, obs?: ForwardObserver): void {
    const { dim, normEps } = this.cfg;
    const c = this.counter;
    const T = batch * seq;
    const h = rmsNorm(x, T, dim, w.attnNorm, normEps, undefined, c);
    const a = mlaForward(this.cfg, w.attn, cache, h, batch, seq, start, rope, c);
    for (let i = 0; i < T * dim; i++) x[i] += a[i];
    const g = rmsNorm(x, T, dim, w.ffnNorm, normEps, undefined, c);
    const f = w.moe
      ? moeForward(w.moe, this.gateSpec, g, T, dim, c, obs?.moe ? (t) => obs.moe!(layer, t) : undefined)
      : mlpForward(w.dense!, g, T, dim, c);
    for (let i = 0; i < T * dim; i++) x[i] += f[i];
    c.otherFlops += 2 * T * dim;
  }

  /** Output head over chosen rows of normed hidden states. */
  head(h: Float32Array, rows: number, head: Float32Array = this.weights.head): Float32Array {
    return linear(h, rows, this.cfg.dim, head, this.cfg.vocabSize, undefined, this.counter);
  }
}

export class Session {
  readonly caches: LayerCache[];
  readonly mtpCaches: LayerCache[];
  readonly rope: RopeTables;

  constructor(
    readonly model: DeepSeekModel,
    readonly batch: number,
    readonly capacity: number,
    readonly mode: AttnMode,
  ) {
    const cfg = model.cfg;
    if (!Number.isSafeInteger(batch) || batch < 1) throw new InputError('batch', batch, 'a positive integer');
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new InputError('capacity', capacity, 'a positive integer');
    this.caches = Array.from({ length: cfg.nLayers }, () => new LayerCache(cfg, mode, batch, capacity));
    this.mtpCaches = model.weights.mtp.map(() => new LayerCache(cfg, mode, batch, capacity));
    this.rope = ropeTable(
      {
        dim: cfg.qkRopeHeadDim,
        theta: cfg.ropeTheta,
        yarn: cfg.yarn,
        factor: cfg.ropeFactor,
        originalSeqLen: cfg.originalSeqLen,
        betaFast: cfg.betaFast,
        betaSlow: cfg.betaSlow,
        cosSinScale: cfg.cosSinScale,
      },
      capacity,
    );
  }

  private checkSpan(tokens: ArrayLike<number>, seq: number, start: number): void {
    if (tokens.length !== this.batch * seq) throw new InputError('tokens', tokens.length, `batch × seq = ${this.batch * seq} ids`);
    if (!Number.isSafeInteger(start) || start < 0 || start + seq > this.capacity)
      throw new InputError('positions', `${start}..${start + seq - 1}`, `positions below the cache capacity ${this.capacity}`);
  }

  /**
   * Run `seq` new tokens per sequence (tokens laid out [B, S]) at positions start..start+S−1.
   * Returns logits of each sequence's last position, or of every position with `allLogits`.
   */
  forward(tokens: Int32Array | readonly number[], seq: number, start: number, opts: { allLogits?: boolean; observer?: ForwardObserver } = {}): ForwardResult {
    this.checkSpan(tokens, seq, start);
    const m = this.model;
    const { dim, normEps } = m.cfg;
    const T = this.batch * seq;
    const x = m.embed(tokens);
    for (let l = 0; l < m.cfg.nLayers; l++) m.block(m.weights.layers[l], l, this.caches[l], x, this.batch, seq, start, this.rope, opts.observer);
    const hidden = rmsNorm(x, T, dim, m.weights.norm, normEps, undefined, m.counter);
    return { logits: this.logitsOf(hidden, seq, opts.allLogits ?? false, m.weights.head), hidden };
  }

  private logitsOf(hidden: Float32Array, seq: number, all: boolean, head: Float32Array): Float32Array {
    const m = this.model;
    const dim = m.cfg.dim;
    if (all) return m.head(hidden, this.batch * seq, head);
    const last = new Float32Array(this.batch * dim);
    for (let b = 0; b < this.batch; b++) last.set(hidden.subarray((b * seq + seq - 1) * dim, (b * seq + seq) * dim), b * dim);
    return m.head(last, this.batch, head);
  }

  /**
   * MTP module k at positions start..start+S−1: input i combines the main model's final hidden state h_i
   * with the embedding of the token after it, as the released checkpoints lay it out:
   * `eh_proj(concat(enorm(emb(next_i)), hnorm(h_i)))`, then one block, the shared head's norm and the head.
   * Returns logits predicting the token two ahead of h_i. Choices where serving engines differ: h_i is taken
   * after the main model's final RMSNorm (the `hidden` that `forward` returns), the pair sits at RoPE position i
   * (the report's indexing), and no embedding is masked at position 0.
   */
  mtpForward(k: number, hidden: Float32Array, nextTokens: Int32Array | readonly number[], seq: number, start: number, opts: { allLogits?: boolean; observer?: ForwardObserver } = {}): ForwardResult {
    const m = this.model;
    const w = m.weights.mtp[k];
    if (!w) throw new InputError('mtp', k, `an MTP module index below ${m.weights.mtp.length} (loaded modules)`);
    this.checkSpan(nextTokens, seq, start);
    const { dim, normEps } = m.cfg;
    const T = this.batch * seq;
    const e = rmsNorm(m.embed(nextTokens), T, dim, w.enorm, normEps, undefined, m.counter);
    const h = rmsNorm(hidden, T, dim, w.hnorm, normEps, undefined, m.counter);
    const cat = new Float32Array(T * 2 * dim);
    for (let t = 0; t < T; t++) {
      cat.set(e.subarray(t * dim, (t + 1) * dim), t * 2 * dim);
      cat.set(h.subarray(t * dim, (t + 1) * dim), t * 2 * dim + dim);
    }
    const x = linear(cat, T, 2 * dim, w.ehProj, dim, undefined, m.counter);
    m.block(w.block, m.cfg.nLayers + k, this.mtpCaches[k], x, this.batch, seq, start, this.rope, opts.observer);
    const out = rmsNorm(x, T, dim, w.norm, normEps, undefined, m.counter);
    return { logits: this.logitsOf(out, seq, opts.allLogits ?? false, w.head ?? m.weights.head), hidden: out };
  }
}
