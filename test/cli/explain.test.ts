import { describe, expect, it } from 'vitest';
import { runVerify } from '../../properties/runner.ts';
import { explainQuestion, neededCells, questions } from '../../reports/understanding.ts';
import { sessioncheck } from './capture.ts';

describe('sessioncheck explain', () => {
  it('answers "what do sticky sessions give up?" with counterexamples found now', async () => {
    const { code, out, err } = await sessioncheck('explain', 'q2', '--runs', '50');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('Evidence: model verification, seed 1, 50 runs per property');
    expect(out).toContain('q2. What do sticky sessions give up?');
    expect(out).toMatch(/login\.follows-user: [^\n]*\n {4}sticky {8}✓ holds {3}\(no counterexample in 50 runs\)/);
    expect(out).toMatch(/failover\.sessions-survive: [^\n]*\n {4}sticky {8}✗ refuted: login\(u0\) → crash\(n0\) → whoami\(u0\); [^\n]*n1 answers 401/);
    expect(out).toContain('The evidence agrees: all 5 verdicts are the ones this answer relies on.');
    expect(out).not.toContain('q1.');
  });

  it('reads where the state goes off the verdicts for every strategy', async () => {
    const { out } = await sessioncheck('explain', 'q4', '--runs', '50');
    expect(out).toMatch(/^ {4}sticky {8}node memory$/m);
    expect(out).toMatch(/^ {4}central-store the shared store$/m);
    expect(out).toMatch(/^ {4}jwt {11}the token the client sends$/m);
    expect(out).toMatch(/^ {4}jwt-denylist {2}the shared store \+ the token the client sends$/m);
  });

  it('says when the evidence disagrees with an answer (the verdicts are not hard-coded)', async () => {
    const q3 = questions.find((q) => q.id === 'q3');
    if (!q3) throw new Error('q3 missing');
    const report = await runVerify({ target: 'model', ...neededCells([q3]), runs: 30, seed: 1 });
    const flipped = report.results.map((r) => (r.strategy === 'jwt' && r.property === 'revocation.instant' ? { ...r, verdict: 'holds' as const, counterexample: undefined } : r));
    expect(explainQuestion(q3, flipped)).toContain('The evidence DISAGREES with this answer on jwt × revocation.instant.');
  });

  it('rejects an unknown question with exit 2, listing the valid ones', async () => {
    const { code, err } = await sessioncheck('explain', 'q6');
    expect(code).toBe(2);
    expect(err).toContain('unknown question "q6"; valid: q1, q2, q3, q4, q5');
  });
});
