import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelStrategy, strategyIds } from '../../model/registry.ts';
import { execute } from '../../properties/execute.ts';
import { defaultScope } from '../../model/scope.ts';
import { catalog, propertyIds } from '../../properties/catalog.ts';
import { decodeReplay } from '../../properties/replay.ts';
import type { VerifyReport } from '../../properties/results.ts';
import { runVerify } from '../../properties/runner.ts';
import { collectDurations, type Durations } from '../../properties/durations.ts';
import { publishedDir, publishedOptions, publishedPluginsSubdir, refreshPublishedCommand } from '../../reports/published.ts';
import { renderReport } from '../../reports/render.ts';
import { withoutTimes } from '../reports/verified.ts';
import { designCounterexamples } from '../fixtures/designCounterexamples.ts';

let report: VerifyReport;
let durations: Durations;
// The default verification, once for this file: the catalog's expectations and reports/published
// (whose settings are these: checked below) are both read off it.
beforeAll(async () => {
  const timed = collectDurations();
  report = await runVerify({ target: 'model', strategies: strategyIds, properties: propertyIds, runs: 200, seed: 1, onTimed: timed.onTimed });
  durations = timed.durations;
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

describe('reports/published', () => {
  it('is exactly what the fixed seed produces today (the JUnit time attributes excepted), so a citation by path stays valid', () => {
    expect(publishedOptions).toEqual({ target: 'model', seed: 1, runs: 200 });
    const expected = renderReport(report, undefined, durations);
    const stale = `reports/published is out of date; refresh it with:\n  ${refreshPublishedCommand}\n`;
    // The plug-in pages are checked by their own tests (test/properties/express-session.test.ts, cookie-session.test.ts).
    expect(filesUnder(publishedDir).filter((f) => !f.startsWith(`${publishedPluginsSubdir}/`)), stale).toEqual(expected.map((f) => f.path));
    for (const f of expected) {
      // The committed junit.xml keeps the times its refresh measured; every other byte must match.
      const committed = readFileSync(join(publishedDir, f.path), 'utf8');
      const same = f.path === 'junit.xml' ? withoutTimes(committed) === withoutTimes(f.content) : committed === f.content;
      expect(same, `${f.path}: ${stale}`).toBe(true);
    }
    expect(readFileSync(join(publishedDir, 'junit.xml'), 'utf8'), `junit.xml has no time attributes: ${stale}`).toMatch(/<testcase [^>]* time="\d+\.\d{3}">/);
  });
});

const minimal = designCounterexamples;

describe('verify on the model reproduces the catalog', () => {
  it('decides every model-decidable cell exactly as the catalog expects', () => {
    const decided = report.results.filter((r) => r.verdict !== 'n/a');
    const off = decided.filter((r) => r.verdict !== r.expected).map((r) => `${r.strategy} ${r.property}: expected ${r.expected}, got ${r.verdict}`);
    expect(off).toEqual([]);
    expect(decided.length).toBe(134);
    expect(report.ok).toBe(true);
  });

  it('reports implementation-only properties as n/a here, with a note naming the target that decides them and its expectation', () => {
    const implOnly = report.results.filter((r) => {
      const p = catalog.find((c) => c.id === r.property)!;
      return p.decidedBy !== 'model' && p.expected[r.strategy] !== 'n/a';
    });
    // forged, fixation, lost updates and conformance on all 7 strategies; failover on the 4 with a store of sessions
    expect(implOnly.length).toBe(4 * 7 + 4);
    for (const r of implOnly) {
      const p = catalog.find((c) => c.id === r.property)!;
      expect(r).toMatchObject({ verdict: 'n/a', expected: 'n/a' });
      expect(r.note).toContain(`(expected there: ${p.expected[r.strategy]}): run with --target ${p.decidedBy === 'redis' ? 'redis' : 'impl'}`);
    }
  });

  it('gives a counterexample with a replay token for every refuted cell, and none for a holding one', () => {
    for (const r of report.results) {
      if (r.verdict === 'refuted') {
        expect(r.counterexample?.actions.length).toBeGreaterThan(0);
        expect(decodeReplay(r.counterexample!.replay).actions).toEqual(r.counterexample!.actions);
      } else {
        expect(r.counterexample).toBeUndefined();
      }
    }
  });

  it.each(minimal)('%s %s shrinks to the length of the minimal program docs/catalog.md lists, and the program fails', (strategy, property, actions) => {
    const r = report.results.find((x) => x.strategy === strategy && x.property === property)!;
    expect(r.verdict).toBe('refuted');
    // Shrinking must reach the minimal length; another program of that length is as minimal.
    expect(r.counterexample!.actions).toHaveLength(actions.length);
    const replayed = execute(modelStrategy(strategy), defaultScope, catalog.find((p) => p.id === property)!, r.counterexample!.actions);
    expect(replayed.violation).not.toBeNull();
    expect(replayed.executed).toEqual(r.counterexample!.actions);
  });

  it('most minimal counterexamples are exactly the programs docs/catalog.md lists (canonical names and action order)', () => {
    const same = minimal.filter(([strategy, property, actions]) => {
      const r = report.results.find((x) => x.strategy === strategy && x.property === property)!;
      return JSON.stringify(r.counterexample?.actions) === JSON.stringify(actions);
    });
    expect(same.length).toBeGreaterThanOrEqual(minimal.length - 2);
  });

  it('token.fits-cookie is decided, not vacuous: a JWT passes 4096 bytes within the scope\'s cart', () => {
    const r = report.results.find((x) => x.strategy === 'jwt' && x.property === 'token.fits-cookie')!;
    const adds = r.counterexample!.actions.filter((a) => a === 'addItem(u0)').length;
    expect(adds).toBeLessThanOrEqual(defaultScope.maxItems);
    expect(r.counterexample!.actions).toEqual(['login(u0)', ...Array(adds).fill('addItem(u0)')]);
  });

  it('reports the revocation window: jwt-refresh stays under 5 minutes, jwt does not', () => {
    const window = (s: string) => report.results.find((x) => x.strategy === s && x.property === 'revocation.bounded')!.window;
    expect(window('jwt-refresh')).toBeLessThan(300);
    expect(window('jwt')).toBeGreaterThanOrEqual(300);
  });
});

describe('the derived comparison table', () => {
  it('equals the source table cell for cell for sticky, central store and JWT', () => {
    const row = (s: string) => report.table.find((r) => r.strategy === s);
    expect(row('sticky')).toEqual({ strategy: 'sticky', serverStateless: 'No', revokeInstantly: 'Yes (kill server)', extraHop: 'No', failureOfOneNode: 'Sessions lost' });
    expect(row('central-store')).toEqual({ strategy: 'central-store', serverStateless: 'Yes', revokeInstantly: 'Yes', extraHop: 'Yes', failureOfOneNode: 'Sessions survive' });
    expect(row('jwt')).toEqual({ strategy: 'jwt', serverStateless: 'Yes', revokeInstantly: 'Hard', extraHop: 'No', failureOfOneNode: 'Sessions survive' });
  });

  it('adds rows for in-memory, jwt-refresh and jwt-denylist', () => {
    expect(report.table.map((r) => r.strategy)).toEqual([...strategyIds]);
    expect(report.table.find((r) => r.strategy === 'jwt-refresh')!.revokeInstantly).toBe('Hard (≤ 5 min)');
    expect(report.table.find((r) => r.strategy === 'jwt-denylist')).toMatchObject({ revokeInstantly: 'Yes', extraHop: 'Yes' });
  });
});

describe('determinism', () => {
  // At depth 4 behind every ✓ (the default is 6): determinism is about the runs, and the depth-6
  // run above already shows the verdicts; the verdicts do not depend on the depth (compared below).
  it('the same seed gives byte-identical results', async () => {
    const once = await runVerify({ target: 'model', strategies: strategyIds, properties: propertyIds, runs: 200, seed: 1, exhaustiveDepth: 4 });
    const again = await runVerify({ target: 'model', strategies: strategyIds, properties: propertyIds, runs: 200, seed: 1, exhaustiveDepth: 4 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(once));
    expect(once.results.map((r) => r.verdict)).toEqual(report.results.map((r) => r.verdict));
  });

  it('another seed reaches the same verdicts', async () => {
    const other = await runVerify({ target: 'model', strategies: strategyIds, properties: propertyIds, runs: 200, seed: 7, exhaustiveDepth: 4 });
    expect(other.results.map((r) => r.verdict)).toEqual(report.results.map((r) => r.verdict));
  });
});
