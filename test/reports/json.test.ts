import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../properties/catalog.ts';
import type { VerifyReport } from '../../properties/results.ts';
import { jsonReport } from '../../reports/json.ts';
import { reportModel } from '../../reports/reportModel.ts';
import { sourceStrategies, verifySome } from './verified.ts';

let report: VerifyReport;
beforeAll(async () => {
  report = await verifySome();
});

describe('the JSON report', () => {
  it('is a superset of verify --json with the documented top-level keys', () => {
    const doc = JSON.parse(jsonReport(reportModel(report)));
    expect(Object.keys(doc)).toEqual(['schema', 'tool', 'version', 'target', 'seed', 'runs', 'ok', 'table', 'results']);
    expect(doc).toMatchObject({ schema: 'sessioncheck-report/1', tool: 'sessioncheck', target: 'model', seed: 1, runs: 200, ok: true });
    expect(doc.table).toEqual(report.table);
    expect(doc.results).toHaveLength(sourceStrategies.length * catalog.length);
    for (const r of report.results) {
      const mine = doc.results.find((x: { strategy: string; property: string }) => x.strategy === r.strategy && x.property === r.property);
      expect(mine).toMatchObject({ expected: r.expected, verdict: r.verdict, runs: r.runs });
    }
  });

  it('carries each counterexample with its replay command and the full trace', () => {
    const doc = JSON.parse(jsonReport(reportModel(report)));
    const r = doc.results.find((x: { strategy: string; property: string }) => x.strategy === 'sticky' && x.property === 'failover.sessions-survive');
    expect(r.outcome).toBe('as-expected');
    expect(r.counterexample.actions).toEqual(['login(u0)', 'crash(n0)', 'whoami(u0)']);
    expect(r.counterexample.replayCommand).toBe(`npx sessioncheck replay ${r.counterexample.replay}`);
    expect(r.counterexample.checkFires).toMatch(/n1 answers 401/);
    expect(r.counterexample.trace[2]).toEqual({
      step: 3, action: 'whoami(u0)', actor: 'u0', request: 'GET /me', lb: 'n1', response: '401', status: 401, storeTrips: 0, credentialBytes: 22, clock: 0,
      nodes: [{ node: 'n0', up: false, memory: [] }, { node: 'n1', up: true, memory: [] }],
      store: { up: true, keys: [] },
      clients: [{ user: 'u0', credential: 'session #1', affinity: 'n1', stolen: null, older: null }, { user: 'u1', credential: null, affinity: null, stolen: null, older: null }],
    });
  });
});
