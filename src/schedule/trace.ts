/**
 * Exports of a timeline: Chrome trace JSON (the Trace Event Format that Perfetto and chrome://tracing
 * open; one process, one thread track per rank, complete "X" events in microseconds) and a text Gantt chart.
 */
import { OP_B, OP_F, OP_FB, OP_NAMES, OP_W, isCompute } from './ops.js';
import type { Timeline } from './simulate.js';

export interface TraceEvent {
  name: string;
  ph: 'X' | 'M';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, number | string | boolean>;
}

export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms' | 'ns';
  otherData: Record<string, string | number>;
}

function opLabel(tl: Timeline, r: number, i: number): { name: string; args: Record<string, number | boolean> } {
  const o = tl.schedule.ranks[r];
  const k = o.kind[i];
  if (k === OP_FB) {
    return {
      name: `F${o.mb[i]}&B${o.mb2[i]}`,
      args: { fMicroBatch: o.mb[i], fStage: o.stage[i], bMicroBatch: o.mb2[i], bStage: o.stage2[i] },
    };
  }
  const name = k === OP_B && o.zb[i] ? 'B' : OP_NAMES[k];
  const args: Record<string, number | boolean> = { microBatch: o.mb[i], stage: o.stage[i] };
  if (k === OP_B) args.weightGradDeferred = o.zb[i] === 1;
  if (o.step[i]) args.step = o.step[i];
  return { name: `${name}${o.mb[i]}`, args };
}

/** Compute ops as complete events, one thread per rank (timestamps in µs). */
export function chromeTrace(tl: Timeline): ChromeTrace {
  const s = tl.schedule;
  const ev: TraceEvent[] = [{ name: 'process_name', ph: 'M', pid: 0, tid: 0, args: { name: `${s.method} pp=${s.devices} micro=${s.microBatches}` } }];
  for (let r = 0; r < s.devices; r++) {
    ev.push({ name: 'thread_name', ph: 'M', pid: 0, tid: r, args: { name: `rank ${r}` } });
    ev.push({ name: 'thread_sort_index', ph: 'M', pid: 0, tid: r, args: { sort_index: r } });
  }
  for (let r = 0; r < s.devices; r++) {
    const o = s.ranks[r];
    for (let i = 0; i < o.length; i++) {
      if (!isCompute(o.kind[i])) continue;
      const { name, args } = opLabel(tl, r, i);
      const k = o.kind[i];
      const cat = k === OP_F ? 'forward' : k === OP_B ? 'backward' : k === OP_W ? 'weight' : 'overlapped';
      ev.push({ name, ph: 'X', pid: 0, tid: r, ts: tl.startS[r][i] * 1e6, dur: (tl.endS[r][i] - tl.startS[r][i]) * 1e6, cat, args });
    }
  }
  return {
    traceEvents: ev,
    displayTimeUnit: 'ms',
    otherData: { method: s.method, devices: s.devices, stages: s.stages, microBatches: s.microBatches, makespanS: tl.makespanS, bubbleS: tl.bubbleS },
  };
}

/**
 * Text Gantt chart: one row per rank, `width` columns over the makespan. Each column shows the op that
 * covers most of it: F forward, B backward, b backward with deferred W, W weight gradient, X overlapped
 * F&B pair, '.' idle.
 */
export function ganttChart(tl: Timeline, width = 100): string {
  const s = tl.schedule;
  const cols = Math.max(10, Math.floor(width));
  const span = tl.makespanS > 0 ? tl.makespanS : 1;
  const colS = span / cols;
  const label = (r: number) => `rank ${String(r).padStart(String(s.devices - 1).length)} |`;
  const lines: string[] = [];
  for (let r = 0; r < s.devices; r++) {
    const cover = new Float64Array(cols);
    const ch = new Array<string>(cols).fill('.');
    const o = s.ranks[r];
    for (let i = 0; i < o.length; i++) {
      const k = o.kind[i];
      if (!isCompute(k)) continue;
      const a = tl.startS[r][i];
      const b = tl.endS[r][i];
      if (b <= a) continue;
      const c = k === OP_F ? 'F' : k === OP_B ? (o.zb[i] ? 'b' : 'B') : k === OP_W ? 'W' : 'X';
      for (let col = Math.floor(a / colS); col < cols && col * colS < b; col++) {
        const overlap = Math.min(b, (col + 1) * colS) - Math.max(a, col * colS);
        if (overlap > cover[col] && overlap > colS / 2 - 1e-12) {
          cover[col] = overlap;
          ch[col] = c;
        }
      }
    }
    lines.push(`${label(r)}${ch.join('')}|`);
  }
  lines.push(`F forward  B backward  b backward (W deferred)  W weight gradient  X overlapped F&B  . idle   (${cols} columns = ${tl.makespanS.toPrecision(4)} s)`);
  return lines.join('\n');
}
