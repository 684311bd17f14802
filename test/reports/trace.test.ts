import { describe, expect, it } from 'vitest';
import { markdownStrategy } from '../../reports/markdown.ts';
import { reportModel } from '../../reports/reportModel.ts';
import { evidenceFor, stickyFailover } from './fixtures.ts';

describe('a counterexample trace', () => {
  it('shows sticky losing the session of a crashed node: n0 holds it, n0 dies, n1 answers 401', () => {
    const cx = stickyFailover();
    expect(cx.rows.map((r) => [r.step, r.action, r.lb, r.response])).toEqual([
      [1, 'login(u0)', 'n0', '200 u0'],
      [2, 'crash(n0)', null, null],
      [3, 'whoami(u0)', 'n1', '401'],
    ]);
    expect(cx.rows[0].after.nodes).toEqual([{ up: true, memory: ['session #1 (u0, 0 items)'] }, { up: true, memory: [] }]);
    expect(cx.rows[1].after.nodes[0]).toEqual({ up: false, memory: [] });
    expect(cx.rows[0].after.clients[0]).toEqual({ credential: 'session #1', stolen: null, older: null, affinity: 'n0' });
  });

  it('re-runs the property check on the model and reports that it fires at the last step', () => {
    expect(stickyFailover().fires).toBe("u0's session #1 is valid and saw only a node crash, yet n1 answers 401");
  });

  it('says when the check does not fire (a trace that is not a counterexample)', () => {
    expect(evidenceFor('central-store', 'failover.sessions-survive', ['login(u0)', 'crash(n0)', 'whoami(u0)']).fires).toBeNull();
  });

  it('shows store keys, store round trips and the attacker replaying a copied credential', () => {
    const cx = evidenceFor('jwt-denylist', 'revocation.durable', ['login(u0)', 'logout(u0)', 'storeWipe()', 'replayStolen(u0)']);
    expect(cx.rows[1].after.store.keys).toEqual(['deny:session 1']);
    expect(cx.rows[2].after.store.keys).toEqual([]);
    expect(cx.rows[3]).toMatchObject({ actor: { kind: 'attacker', user: 0 }, request: 'GET /me', response: '200 u0', storeTrips: 1 });
    expect(cx.rows[3].after.clients[0].stolen).toBe('token #2'); // #1 names the session the token belongs to
  });
});

describe('a counterexample the model cannot replay', () => {
  it('keeps the report going and says why instead of drawing a trace', () => {
    const result = { strategy: 'jwt' as const, property: 'safety.forged-rejected' as const, expected: 'holds' as const, verdict: 'refuted' as const, runs: 1, counterexample: { actions: ['tamper(u0)'], replay: 'not-a-token', detail: 'a forged token was accepted' } };
    const model = reportModel({ tool: 'sessioncheck', version: '0.1.0', target: 'impl', seed: 1, runs: 1, results: [result], table: [], ok: false });
    const cx = model.cells[0].counterexample;
    expect(cx?.rows).toEqual([]);
    expect(cx?.untraceable).toContain('cannot read action "tamper(u0)"');
    const md = markdownStrategy(model, 'jwt');
    expect(md).toContain('The model cannot replay these actions (cannot read action "tamper(u0)"');
    expect(md).not.toContain('```mermaid');
  });
});
