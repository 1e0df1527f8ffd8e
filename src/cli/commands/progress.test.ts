import { describe, expect, it } from 'vitest';
import type { CliIo } from '../context.js';
import { simulationProgress } from './scenarioArg.js';

function io(tty: boolean): CliIo & { err: string } {
  const o = { err: '', stdout: () => undefined, stderr: (t: string) => void (o.err += t), stderrIsTty: tty, cwd: '.' };
  return o;
}

describe('simulation progress', () => {
  it('draws on a TTY stderr and clears the line at the end', () => {
    const t = io(true);
    const p = simulationProgress(t, 'x', 4);
    p.onSimulation!(2);
    p.done();
    expect(t.err).toContain('[############............] 2 network simulations');
    expect(t.err.endsWith('\r')).toBe(true);
  });

  it('prints nothing when stderr is not a TTY', () => {
    const t = io(false);
    const p = simulationProgress(t, 'x', 4);
    expect(p.onSimulation).toBeUndefined();
    p.done();
    expect(t.err).toBe('');
  });
});
