import { describe, expect, it } from 'vitest';
import { sequenceDiagram } from '../../reports/mermaid.ts';
import { evidenceFor, stickyFailover } from './fixtures.ts';

describe('the Mermaid sequence diagram', () => {
  it('draws the sticky failover: login through n0, n0 crashes, the LB redispatches to n1 which answers 401', () => {
    const d = sequenceDiagram(stickyFailover());
    expect(d.split('\n').slice(0, 6)).toEqual([
      'sequenceDiagram',
      '  participant u0 as client u0',
      '  participant LB as load balancer',
      '  participant n0',
      '  participant n1',
      '  participant Store as store',
    ]);
    expect(d).toContain('  LB->>n0: POST /login\n');
    expect(d).toContain('  Note over n0: crash, memory lost\n');
    expect(d).toContain('    LB->>n1: GET /me\n    n1-->>LB: 401\n    LB-->>u0: 401\n');
    expect(d).toMatch(/ {2}rect rgb\(255, 228, 228\)\n[\s\S]*Note over u0,Store: violated: [^\n]*n1 answers 401\n {2}end\n$/);
  });

  it('shows store round trips and the attacker as its own participant', () => {
    const d = sequenceDiagram(evidenceFor('jwt-denylist', 'revocation.durable', ['login(u0)', 'logout(u0)', 'storeWipe()', 'replayStolen(u0)']));
    expect(d).toContain('participant attacker as attacker (a copied credential)');
    expect(d).toContain('n0->>Store: 1 round trip');
    expect(d).toContain('Note over Store: restarted without persistence, data lost');
    expect(d).toContain('attacker->>LB: replayStolen(u0) GET /me');
  });

  it('draws a concurrent batch as one step whose requests went their own ways, with its round trips in all', () => {
    const d = sequenceDiagram(evidenceFor('central-store', 'concurrency.no-lost-update', ['login(u0)', 'concurrent(addItem(u0),addItem(u0))']));
    expect(d).toContain('u0->>LB: concurrent(addItem(u0),addItem(u0)) GET /me and POST /cart, at once\n    LB-->>u0: 200, 2 store round trips in all\n');
    expect(d).not.toContain('no live node');
  });

  it('keeps "#" and ";" out of labels, which Mermaid would misread', () => {
    const lines = sequenceDiagram(stickyFailover()).split('\n').filter((l) => l.includes(':'));
    // The violation names "session #1": it is there, spelt without the "#".
    expect(lines.filter((l) => l.includes("u0's session no. 1 is valid"))).toHaveLength(1);
    for (const l of lines) expect(l.slice(l.indexOf(':'))).not.toMatch(/[#;]/);
  });
});
