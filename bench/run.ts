/**
 * `npm run bench`: runs every module's benchmark cases and prints their lines.
 * Usage: npm run bench [-- module ...] to run only some modules.
 */
import type { BenchCase, BenchLine } from './harness.js';
import { topologyBench } from './topology.js';
import { scheduleBench } from './schedule.js';
import { numericsBench } from './numerics.js';
import { referenceBench } from './reference.js';
import { netsimBench } from './netsim.js';
import { estimateBench } from './estimate.js';

/** One entry per module's bench file. */
const CASES: BenchCase[] = [topologyBench, scheduleBench, numericsBench, referenceBench, netsimBench, estimateBench];

function fmt(line: BenchLine): string {
  const figs = Object.entries(line.figures)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : v}`)
    .join('  ');
  const budget = line.budget ? `  budget ${line.budget.text}: ${line.budget.ok ? 'ok' : 'MISSED'}` : '';
  return `${line.name}: ${(line.timeS * 1000).toFixed(1)} ms  rss=${(line.rssBytes / 1e6).toFixed(0)} MB  ${figs}${budget}`;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  for (const c of CASES) {
    if (only.length && !only.includes(c.module)) continue;
    console.log(`== ${c.module} ==`);
    for (const line of await c.run()) console.log(fmt(line));
  }
}

await main();
