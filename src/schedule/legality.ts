/**
 * Legality of any op list: every micro-batch's forward visits every stage in order and its backward
 * visits them in reverse; each stage's ops run on the rank that holds it; every F and B exactly once, and a
 * W exactly once for each B that deferred it (and never otherwise), after that B; when the lists carry
 * messages, every remote input has a matching receive (committed, where the lists use commits) before its
 * consumer and a matching send after its producer; and the whole thing runs to the end (no op waits for an
 * input that can never arrive).
 */
import { InputError } from '../core/index.js';
import { OP_B, OP_COMMIT, OP_F, OP_FB, OP_NAMES, OP_RECV_B, OP_RECV_F, OP_SEND_B, OP_SEND_F, OP_W, isCompute, type Schedule } from './ops.js';
import { ScheduleDeadlock, simulate } from './simulate.js';

// Module-local copies so the per-op loop compares plain constants.
const K_B = OP_B;
const K_COMMIT = OP_COMMIT;
const K_F = OP_F;
const K_FB = OP_FB;
const K_RECV_B = OP_RECV_B;
const K_RECV_F = OP_RECV_F;
const K_SEND_B = OP_SEND_B;
const K_SEND_F = OP_SEND_F;
const K_W = OP_W;
const computeKind = isCompute;

export interface LegalityReport {
  ok: boolean;
  /** Human-readable problems, at most `maxProblems`. */
  problems: string[];
}

export function checkSchedule(s: Schedule, maxProblems = 20): LegalityReport {
  const problems: string[] = [];
  const add = (p: string) => {
    if (problems.length < maxProblems) problems.push(p);
  };
  const S = s.stages;
  const M = s.microBatches;
  if (s.ranks.length !== s.devices) add(`${s.ranks.length} op lists for ${s.devices} devices`);
  const cells = M * S;
  const fCount = new Int32Array(cells);
  const bCount = new Int32Array(cells);
  const wCount = new Int32Array(cells);
  const zbOf = new Int8Array(cells);
  const sendF = new Int32Array(cells);
  const recvF = new Int32Array(cells);
  const sendB = new Int32Array(cells);
  const recvB = new Int32Array(cells);
  let hasMessages = false;
  for (const o of s.ranks) for (let i = 0; i < o.length; i++) if (!computeKind(o.kind[i])) hasMessages = true;
  const where = (r: number, i: number) => `rank ${r} op ${i} (${OP_NAMES[s.ranks[r].kind[i]] ?? '?'} mb ${s.ranks[r].mb[i]} stage ${s.ranks[r].stage[i]})`;
  const inRange = (mb: number, st: number) => mb >= 0 && mb < M && st >= 0 && st < S;
  const home = (mb: number, st: number) => s.rankOfStage[s.mbStream[mb]][st];

  // Which rank last did each cell's F / B / receive, and at which op index (ranks are walked one after
  // another, so a stamp equal to the current rank means "earlier on this rank").
  const fRank = new Int32Array(cells).fill(-1);
  const bRank = new Int32Array(cells).fill(-1);
  const rfRank = new Int32Array(cells).fill(-1);
  const rbRank = new Int32Array(cells).fill(-1);
  const rfAt = new Int32Array(cells);
  const rbAt = new Int32Array(cells);
  for (let r = 0; r < s.ranks.length; r++) {
    const o = s.ranks[r];
    const fDone = (c: number) => fRank[c] === r;
    const bDone = (c: number) => bRank[c] === r;
    const usesCommit = Array.prototype.some.call(o.kind, (k: number) => k === K_COMMIT);
    let lastCommit = -1;
    const needInput = (i: number, mb: number, st: number, fwd: boolean) => {
      const srcStage = fwd ? st - 1 : st + 1;
      if (srcStage < 0 || srcStage >= S) return;
      if (home(mb, srcStage) === r) {
        if (!(fwd ? fDone : bDone)(mb * S + srcStage)) add(`${where(r, i)}: runs before the ${fwd ? 'forward' : 'backward'} of stage ${srcStage} on the same rank`);
      } else if (hasMessages) {
        const c = mb * S + st;
        const got = (fwd ? rfRank : rbRank)[c] === r;
        const at = (fwd ? rfAt : rbAt)[c];
        if (!got) add(`${where(r, i)}: its ${fwd ? 'activation' : 'gradient'} from rank ${home(mb, srcStage)} is not received before it`);
        else if (usesCommit && lastCommit < at) add(`${where(r, i)}: its receive at op ${at} is not committed before it`);
      }
    };
    for (let i = 0; i < o.length; i++) {
      const k = o.kind[i];
      const mb = o.mb[i];
      const st = o.stage[i];
      if (k === K_COMMIT) {
        lastCommit = i;
        continue;
      }
      if (k > K_COMMIT) {
        add(`rank ${r} op ${i}: unknown op kind ${k}`);
        continue;
      }
      if (!inRange(mb, st)) {
        add(`${where(r, i)}: micro-batch or stage out of range`);
        continue;
      }
      const cell = mb * S + st;
      if (computeKind(k) && home(mb, st) !== r) add(`${where(r, i)}: stage ${st} of this micro-batch lives on rank ${home(mb, st)}`);
      if (k === K_F || k === K_FB) {
        needInput(i, mb, st, true);
        fCount[cell]++;
        fRank[cell] = r;
      }
      if (k === K_B || k === K_FB) {
        const bmb = k === K_FB ? o.mb2[i] : mb;
        const bst = k === K_FB ? o.stage2[i] : st;
        if (!inRange(bmb, bst)) {
          add(`${where(r, i)}: backward half out of range`);
          continue;
        }
        const bcell = bmb * S + bst;
        if (k === K_FB && home(bmb, bst) !== r) add(`${where(r, i)}: backward stage ${bst} lives on rank ${home(bmb, bst)}`);
        if (!fDone(bcell) && !(k === K_FB && bcell === cell)) add(`${where(r, i)}: backward of mb ${bmb} stage ${bst} before its forward`);
        if (k === K_FB && bcell === cell) add(`${where(r, i)}: a pair cannot hold the forward and backward of the same chunk`);
        needInput(i, bmb, bst, false);
        bCount[bcell]++;
        bRank[bcell] = r;
        zbOf[bcell] = k === K_B && o.zb[i] === 1 ? 1 : 0;
      }
      if (k === K_W) {
        if (!bDone(cell)) add(`${where(r, i)}: W before its B`);
        else if (zbOf[cell] !== 1) add(`${where(r, i)}: W for a backward that already computed its weight gradient`);
        wCount[cell]++;
      }
      if (k === K_SEND_F || k === K_RECV_F || k === K_SEND_B || k === K_RECV_B) {
        const fwd = k === K_SEND_F || k === K_RECV_F;
        const send = k === K_SEND_F || k === K_SEND_B;
        const other = fwd === send ? st + 1 : st - 1;
        if (other < 0 || other >= S || home(mb, other) !== o.peer[i] || home(mb, st) !== r) {
          add(`${where(r, i)}: peer ${o.peer[i]} does not hold the neighbouring stage`);
          continue;
        }
        if (k === K_SEND_F) {
          if (!fDone(cell)) add(`${where(r, i)}: sends an activation not yet computed`);
          sendF[cell]++;
        } else if (k === K_SEND_B) {
          if (!bDone(cell)) add(`${where(r, i)}: sends a gradient not yet computed`);
          sendB[cell]++;
        } else if (k === K_RECV_F) {
          recvF[cell]++;
          rfRank[cell] = r;
          rfAt[cell] = i;
        } else {
          recvB[cell]++;
          rbRank[cell] = r;
          rbAt[cell] = i;
        }
      }
    }
  }
  for (let mb = 0; mb < M; mb++)
    for (let st = 0; st < S; st++) {
      const c = mb * S + st;
      if (fCount[c] !== 1) add(`mb ${mb} stage ${st}: forward present ${fCount[c]} times`);
      if (bCount[c] !== 1) add(`mb ${mb} stage ${st}: backward present ${bCount[c]} times`);
      if (wCount[c] !== zbOf[c]) add(`mb ${mb} stage ${st}: ${zbOf[c] ? 'deferred ' : ''}W present ${wCount[c]} times`);
      if (hasMessages && st + 1 < S && home(mb, st) !== home(mb, st + 1)) {
        if (sendF[c] !== 1 || recvF[c + 1] !== 1) add(`mb ${mb} stage ${st}→${st + 1}: ${sendF[c]} activation sends, ${recvF[c + 1]} receives`);
        if (sendB[c + 1] !== 1 || recvB[c] !== 1) add(`mb ${mb} stage ${st + 1}→${st}: ${sendB[c + 1]} gradient sends, ${recvB[c]} receives`);
      }
    }
  if (problems.length === 0) {
    try {
      simulate(s, { fS: 1, bS: 2, wS: 1 });
    } catch (e) {
      if (!(e instanceof ScheduleDeadlock)) throw e;
      add(e.message);
    }
  }
  return { ok: problems.length === 0, problems };
}

/** Throw InputError naming the first problem unless the schedule is legal. */
export function assertLegal(s: Schedule): void {
  const rep = checkSchedule(s, 1);
  if (!rep.ok) throw new InputError('schedule', rep.problems[0], 'a legal schedule');
}
