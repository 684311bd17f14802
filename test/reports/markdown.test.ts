import { beforeAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../properties/results.ts';
import { githubSlug } from '../../reports/markdown.ts';
import { renderReport, type ReportFile } from '../../reports/render.ts';
import { verifySome } from './verified.ts';

let report: VerifyReport;
let files: Map<string, string>;
beforeAll(async () => {
  report = await verifySome();
  files = new Map(renderReport(report, ['md']).map((f: ReportFile) => [f.path, f.content]));
});

/** GitHub's anchors of a Markdown file: one per heading. */
function anchors(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#+ (.+)$/gm)].map((m) => githubSlug(m[1])));
}

describe('the Markdown report', () => {
  it('writes an index and one file per strategy', () => {
    expect([...files.keys()]).toEqual(['index.md', 'strategies/central-store.md', 'strategies/jwt.md', 'strategies/sticky.md']);
  });

  it('derives the comparison table in the index, each cell linking to the evidence that decides it', () => {
    const index = files.get('index.md') ?? '';
    expect(index).toContain('| [Sticky sessions](strategies/sticky.md) | [No](strategies/sticky.md#statelessany-node-serves) | [Yes (kill server)](strategies/sticky.md#revocationinstant) | [No](strategies/sticky.md#hopnone-per-request) | [Sessions lost](strategies/sticky.md#failoversessions-survive) |');
    expect(index).toContain('| [JWT](strategies/jwt.md) | [Yes](strategies/jwt.md#statelessany-node-serves) | [Hard](strategies/jwt.md#revocationbounded) |');
  });

  it('has no broken links: every link from the index lands on a heading of a strategy file', () => {
    const links = [...(files.get('index.md') ?? '').matchAll(/\]\((strategies\/[^)#]+)#([^)]+)\)/g)];
    expect(links.length).toBeGreaterThan(3 * 24);
    for (const [, file, anchor] of links) expect(anchors(files.get(file) ?? ''), `${file}#${anchor}`).toContain(anchor);
  });

  it('gives every counterexample its actions, trace table, Mermaid diagram, explanation beside the source, and replay command', () => {
    const sticky = files.get('strategies/sticky.md') ?? '';
    const section = sticky.slice(sticky.indexOf('## failover.sessions-survive'), sticky.indexOf('## login.follows-user'));
    expect(section).toContain('**Counterexample** (3 actions): `login(u0)` → `crash(n0)` → `whoami(u0)`');
    expect(section).toContain('| 3 | `whoami(u0)` | n1 | 401 | 0 | down | — | — | 0s |');
    expect(section).toContain('```mermaid\nsequenceDiagram\n');
    expect(section).toMatch(/\*\*Why this matters\.\*\* A node died and took the session with it[^\n]*\n\n> Failure of one node \(table column\)/);
    expect(section).toMatch(/```sh\nnpx sessioncheck replay sc1\.[\w-]+\n```/);
    const counterexamples = report.results.filter((r) => r.counterexample).length;
    const diagrams = [...files.values()].join('').split('```mermaid').length - 1;
    expect(diagrams).toBe(counterexamples);
  });

  it('says how many runs found no counterexample where a property holds', () => {
    expect(files.get('strategies/central-store.md')).toMatch(/## failover\.sessions-survive\n\n\*Sessions survive the failure of one node\.\* \*\*✓ holds\*\*, as expected\.[\s\S]*?No counterexample in 200 generated runs \(seed 1\)\./);
  });

  it('puts a differing verdict in bold with its expectation', () => {
    const doctored = { ...report, ok: false, results: report.results.map((r) => (r.strategy === 'jwt' && r.property === 'revocation.instant' ? { ...r, expected: 'holds' as const } : r)) };
    const index = renderReport(doctored, ['md']).find((f) => f.path === 'index.md')?.content ?? '';
    expect(index).toContain('**1 verdict differs from the catalog\'s expectation:** [jwt × `revocation.instant`](strategies/jwt.md#revocationinstant).');
    expect(index).toContain('[**✗ refuted (expected ✓)**](strategies/jwt.md#revocationinstant)');
  });
});

describe('a race counterexample in the Markdown report', () => {
  it('shows the scheduler\'s interleaving instead of a one-at-a-time trace', () => {
    const schedule = ' 1. r1 → n0 POST /cart\n 2. r2 → n0 POST /cart\n 3. r1 store HMGET sess:…\n 4. r2 store HMGET sess:…\n 5. r1 store HSET sess:…\n 6. r2 store HSET sess:…';
    const race: VerifyReport = {
      tool: 'sessioncheck', version: '0.1.0', target: 'impl', seed: 1, runs: 10, table: [], ok: true,
      results: [{
        strategy: 'central-store-naive', property: 'concurrency.no-lost-update', expected: 'refuted', verdict: 'refuted', runs: 2,
        counterexample: { actions: ['login(u0)', 'addItem(u0)', 'addItem(u0)'], replay: 'sc1.x', detail: '2 concurrent addItem(u0) requests: 2 acknowledged, but the session holds 1 item', schedule },
      }],
    };
    const md = renderReport(race, ['md']).find((f) => f.path === 'strategies/central-store-naive.md')!.content;
    expect(md).toContain(`\`\`\`\n${schedule}\n\`\`\``);
    expect(md).not.toContain('```mermaid');
    expect(md).not.toMatch(/^\| step \| action \|/m);
  });
});
