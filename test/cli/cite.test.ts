import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sessioncheck } from './capture.ts';

const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();

describe('sessioncheck cite', () => {
  it('prints ID, title, statement, source quote, expected verdicts, version and commit', async () => {
    const { code, out } = await sessioncheck('cite', 'failover.sessions-survive');
    expect(code).toBe(0);
    expect(out).toContain('failover.sessions-survive: Sessions survive the failure of one node\n');
    expect(out).toContain('Statement: After a node crashes');
    expect(out).toContain('Source:    Failure of one node (table column): Sticky "Sessions lost"');
    expect(out).toMatch(/Expected: {2}in-memory refuted, sticky refuted, central-store holds, jwt holds/);
    expect(out).toContain(`The sessioncheck authors (2026). sessioncheck 0.1.0, commit ${head}, property failover.sessions-survive.`);
    expect(out).toContain('(from the classic comparison of session strategies behind a load balancer');
    expect(out).toContain('Reproduce: npx sessioncheck@0.1.0 verify --target model --property failover.sessions-survive --seed 1 --runs 200\n');
  });

  it('names the target that decides an implementation property in its reproducible command', async () => {
    const { out } = await sessioncheck('cite', 'safety.fixation');
    expect(out).toContain('Reproduce: npx sessioncheck@0.1.0 verify --target impl --property safety.fixation --seed 1 --runs 200\n');
  });

  it('prints a BibTeX entry with --format bibtex', async () => {
    const { code, out } = await sessioncheck('cite', 'token.fits-cookie', '--format', 'bibtex');
    expect(code).toBe(0);
    expect(out).toMatch(/^@misc\{sessioncheck-token-fits-cookie,\n/);
    expect(out).toContain('  title        = {{sessioncheck property token.fits-cookie: The credential fits in a cookie}},');
    expect(out).toContain(`  howpublished = {sessioncheck 0.1.0, commit ${head}},`);
    expect(out).toContain('  year         = {2026},');
    expect(out).toContain('Reproduce: npx sessioncheck@0.1.0 verify --target model --property token.fits-cookie --seed 1 --runs 200.}');
    expect(out).toMatch(/\n}\n$/);
    expect(out.split('{').length).toBe(out.split('}').length);
  });

  it('exits 2 for an unknown ID and names the closest IDs', async () => {
    const { code, out, err } = await sessioncheck('cite', 'failover.session-survives');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^sessioncheck cite: unknown property "failover\.session-survives"; closest: failover\.sessions-survive, /);
  });

  it('names every property of a family when given its prefix', async () => {
    const { err } = await sessioncheck('cite', 'revocation');
    expect(err).toContain('closest: revocation.bounded, revocation.durable, revocation.instant');
  });

  it('names the family of a misspelt prefix', async () => {
    const { err } = await sessioncheck('cite', 'revokation');
    expect(err).toContain('closest: revocation.bounded, revocation.durable, revocation.instant');
  });

  it('rejects an unknown format and a missing ID with exit 2', async () => {
    expect((await sessioncheck('cite', 'store.none', '--format', 'apa')).err).toContain('unknown format "apa"; valid: text, bibtex');
    expect((await sessioncheck('cite')).code).toBe(2);
  });
});
