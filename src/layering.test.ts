/**
 * DESIGN.md's layering, enforced: a module may import only the modules listed for it, always through
 * their index.ts; no `node:` imports outside cli/ and io/nodeFiles.ts (so the library runs in a Web Worker).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '.');

/** module → modules it may import. Lower layers never import higher ones. */
export const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  spec: ['core'],
  io: ['core'],
  numerics: ['core', 'io'],
  schedule: ['core'],
  model: ['core', 'spec'],
  topology: ['core', 'spec'],
  tensor: ['core', 'numerics'],
  moe: ['core', 'model'],
  netsim: ['core', 'topology'],
  reference: ['core', 'spec', 'io', 'numerics', 'tensor', 'model', 'moe'],
  collectives: ['core', 'topology', 'netsim', 'moe', 'model'],
  estimate: ['core', 'spec', 'numerics', 'model', 'moe', 'topology', 'netsim', 'collectives', 'schedule'],
  report: ['core', 'spec', 'numerics', 'model', 'moe', 'topology', 'netsim', 'collectives', 'schedule', 'tensor', 'reference', 'estimate'],
  cli: ['core', 'spec', 'io', 'numerics', 'model', 'moe', 'topology', 'netsim', 'collectives', 'schedule', 'tensor', 'reference', 'estimate', 'report'],
};

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const IMPORT_RE = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

describe('layering', () => {
  const files = walk(SRC).filter((f) => !f.endsWith('.test.ts'));
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('modules import only what DESIGN.md allows, through index.ts', () => {
    const problems: string[] = [];
    for (const file of files) {
      const rel = relative(SRC, file).split(sep);
      if (rel.length < 2) continue; // src/index.ts, src/version.ts: the package root may re-export all
      const mod = rel[0];
      const allowed = ALLOWED[mod];
      if (!allowed) {
        problems.push(`${rel.join('/')}: module '${mod}' is not in the layering table`);
        continue;
      }
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT_RE)) {
        const spec = m[1] ?? m[2] ?? m[3];
        if (spec.startsWith('node:')) {
          if (mod !== 'cli' && rel.join('/') !== 'io/nodeFiles.ts') problems.push(`${rel.join('/')}: imports ${spec}`);
          continue;
        }
        if (!spec.startsWith('.')) continue;
        const target = relative(SRC, join(file, '..', spec)).split(sep);
        if (target[0] === '..') {
          if (target[1] !== 'data') problems.push(`${rel.join('/')}: imports outside src: ${spec}`);
          continue;
        }
        const tmod = target[0];
        if (tmod === mod) continue;
        if (target.length === 1) continue; // version.ts
        if (!allowed.includes(tmod)) problems.push(`${rel.join('/')}: '${mod}' may not import '${tmod}' (${spec})`);
        else if (target.slice(1).join('/') !== 'index.js' && !(mod === 'cli' && tmod === 'io' && target[1] === 'nodeFiles.js'))
          problems.push(`${rel.join('/')}: import '${tmod}' through its index.ts, not ${spec}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the package root re-exports every module', () => {
    const root = readFileSync(join(SRC, 'index.ts'), 'utf8');
    for (const mod of readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory() && n !== 'cli')) {
      expect(root, `src/index.ts should re-export ${mod}`).toContain(`./${mod}/index.js`);
    }
  });
});
