/**
 * Benchmark harness: every case is measured beside a yardstick (a plain typed-array pass over comparable
 * data) in the same run, and reported as a ratio, because absolute times on a shared 2-core machine vary.
 */
export interface BenchLine {
  name: string;
  /** Measured wall time of the case, seconds. */
  timeS: number;
  /** Peak resident set size seen after the case, bytes. */
  rssBytes: number;
  /** Extra figures to print (flows, recomputations, throughput, ratios). */
  figures: Record<string, number | string>;
  /** Budget check, when the issue sets one: text such as "≤ 0.5 s" and whether it held. */
  budget?: { text: string; ok: boolean };
}

export interface BenchCase {
  /** Module that owns the case (numerics, topology, …). */
  module: string;
  run(): Promise<BenchLine[]> | BenchLine[];
}

/** Time `fn` once (after `warmup` untimed calls); returns seconds and the function's result. */
export function timeIt<T>(fn: () => T, warmup = 0): { timeS: number; result: T } {
  for (let i = 0; i < warmup; i++) fn();
  const t0 = performance.now();
  const result = fn();
  return { timeS: (performance.now() - t0) / 1000, result };
}

/** Best of `reps` timings (least disturbed by other load). */
export function bestOf<T>(reps: number, fn: () => T): { timeS: number; result: T } {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < reps; i++) {
    const r = timeIt(fn);
    if (r.timeS < best) {
      best = r.timeS;
      result = r.result;
    }
  }
  return { timeS: best, result };
}

/** Peak resident set size of the process so far (bytes): the high-water mark a case may have reached mid-run. */
export function peakRssBytes(): number {
  const g = globalThis as { process?: { resourceUsage?: () => { maxRSS: number } } };
  return (g.process?.resourceUsage?.().maxRSS ?? 0) * 1024;
}

export function rssBytes(): number {
  const g = globalThis as { process?: { memoryUsage?: () => { rss: number } } };
  return g.process?.memoryUsage?.().rss ?? 0;
}
