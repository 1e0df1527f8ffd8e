/**
 * Greedy generation for one sequence, plain or with MTP speculative decoding.
 *
 * MTP speculative decoding (depth 1): after the main model has produced token t_{n} and its hidden state
 * h_{n−1}, the MTP module turns (h_{n−1}, t_n) into a draft d for t_{n+1}. One main-model pass over
 * [t_n, d] at positions n, n+1 verifies it: t_{n+1} = argmax of the first row; if it equals d, the second
 * row gives t_{n+2} for free. Rejected drafts leave a stale cache slot that the next pass overwrites.
 * Every row is computed on its own in a fixed summation order, so verify logits are bitwise equal to
 * single-token decode logits and the tokens equal plain greedy decoding.
 */
import { InputError } from '../core/index.js';
import { argmax } from '../tensor/index.js';
import type { AttnMode } from './cache.js';
import type { DeepSeekModel, ForwardObserver, Session } from './model.js';

export interface GenerateOptions {
  maxNew: number;
  mode?: AttnMode;
  /** Keep the logits that chose each generated token. */
  keepLogits?: boolean;
  observer?: ForwardObserver;
}

export interface GenerateResult {
  /** Generated token ids (prompt excluded). */
  tokens: number[];
  /** logits[i] chose tokens[i] (prefill's last position first), when keepLogits. */
  logits: Float32Array[];
  /** Main-model forward passes run (prefill included). */
  mainPasses: number;
  /** Generated tokens whose top-2 logit gap was below 1e-5 (where float noise could flip the choice). */
  nearTies: number;
}

export interface MtpResult extends GenerateResult {
  drafts: number;
  accepted: number;
  /** accepted / drafts (0 when no draft was checked). */
  acceptance: number;
}

export const NEAR_TIE_GAP = 1e-5;

function topGap(logits: Float32Array, off: number, len: number): number {
  let a = -Infinity;
  let b = -Infinity;
  for (let i = 0; i < len; i++) {
    const v = logits[off + i];
    if (v > a) {
      b = a;
      a = v;
    } else if (v > b) b = v;
  }
  return a - b;
}

function checkPrompt(model: DeepSeekModel, prompt: readonly number[], maxNew: number): void {
  if (prompt.length === 0) throw new InputError('prompt tokens', prompt, 'at least one token id');
  if (!Number.isSafeInteger(maxNew) || maxNew < 1) throw new InputError('max new tokens', maxNew, 'a positive integer');
  for (const t of prompt) if (!Number.isInteger(t) || t < 0 || t >= model.cfg.vocabSize) throw new InputError('prompt token', t, `an id from 0 to ${model.cfg.vocabSize - 1}`);
}

export function greedyGenerate(model: DeepSeekModel, prompt: readonly number[], opts: GenerateOptions): GenerateResult {
  checkPrompt(model, prompt, opts.maxNew);
  const V = model.cfg.vocabSize;
  const s = model.session(1, prompt.length + opts.maxNew, opts.mode ?? 'naive');
  const res: GenerateResult = { tokens: [], logits: [], mainPasses: 0, nearTies: 0 };
  let r = s.forward(prompt, prompt.length, 0, { observer: opts.observer });
  for (;;) {
    res.mainPasses++;
    const tok = argmax(r.logits, 0, V);
    if (topGap(r.logits, 0, V) < NEAR_TIE_GAP) res.nearTies++;
    res.tokens.push(tok);
    if (opts.keepLogits) res.logits.push(r.logits.slice(0, V));
    if (res.tokens.length >= opts.maxNew) return res;
    r = s.forward([tok], 1, prompt.length + res.tokens.length - 1, { observer: opts.observer });
  }
}

export function mtpGenerate(model: DeepSeekModel, prompt: readonly number[], opts: GenerateOptions): MtpResult {
  checkPrompt(model, prompt, opts.maxNew);
  if (model.weights.mtp.length === 0) throw new InputError('--mtp', 'set', 'a checkpoint with an MTP module (enorm, hnorm, eh_proj)');
  const V = model.cfg.vocabSize;
  const dim = model.cfg.dim;
  const n = prompt.length;
  // +1: a verify pass may write one slot past the last token kept
  const s: Session = model.session(1, n + opts.maxNew + 1, opts.mode ?? 'naive');
  const res: MtpResult = { tokens: [], logits: [], mainPasses: 0, nearTies: 0, drafts: 0, accepted: 0, acceptance: 0 };
  const seq = [...prompt];
  const take = (logits: Float32Array, row: number): number => {
    const tok = argmax(logits, row * V, V);
    if (topGap(logits, row * V, V) < NEAR_TIE_GAP) res.nearTies++;
    if (opts.keepLogits) res.logits.push(logits.slice(row * V, (row + 1) * V));
    res.tokens.push(tok);
    seq.push(tok);
    return tok;
  };
  // prefill: all positions' hidden states feed the MTP module
  const pre = s.forward(prompt, n, 0, { allLogits: false, observer: opts.observer });
  res.mainPasses++;
  take(pre.logits, 0);
  // MTP over positions 0..n−1: (h_i, token i+1)
  let mtp = s.mtpForward(0, pre.hidden, seq.slice(1, n + 1), n, 0, { observer: opts.observer });
  let mtpPos = n; // next MTP position to fill
  while (res.tokens.length < opts.maxNew) {
    const draft = argmax(mtp.logits, 0, V);
    const pos = seq.length - 1; // position of the newest token, not yet in the main cache
    const v = s.forward([seq[pos], draft], 2, pos, { allLogits: true, observer: opts.observer });
    res.mainPasses++;
    res.drafts++;
    const next = take(v.logits, 0);
    let hidden = v.hidden.subarray(0, dim);
    let newTokens = [next];
    if (next === draft && res.tokens.length < opts.maxNew) {
      res.accepted++;
      take(v.logits, 1);
      hidden = v.hidden;
      newTokens = [next, seq[seq.length - 1]];
    } else if (next === draft) res.accepted++;
    if (res.tokens.length >= opts.maxNew) break;
    mtp = s.mtpForward(0, hidden, newTokens, newTokens.length, mtpPos, { observer: opts.observer });
    mtpPos += newTokens.length;
  }
  res.acceptance = res.drafts ? res.accepted / res.drafts : 0;
  return res;
}
