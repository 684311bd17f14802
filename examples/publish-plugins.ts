/**
 * The published checks of the two third-party examples: how each is run (model, target, seed,
 * runs) and what its page says, and the script that writes `reports/published/plugins/`. The
 * tests run the same checks and compare the pages byte for byte.
 *
 * Refresh with `npx tsx examples/publish-plugins.ts`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkStrategy, type SessionStrategy, type StrategyCheck, type StrategyId } from '../index.ts';
import { renderPluginReport } from '../reports/pluginMarkdown.ts';
import { cookieSessionStrategy } from './cookie-session.ts';
import { expressSessionStrategy } from './express-session.ts';

/** Where the pages go. */
export const publishedPluginsDir = 'reports/published/plugins';

/** One published plug-in check. */
export interface PublishedPlugin {
  readonly file: string;
  readonly title: string;
  readonly strategy: () => SessionStrategy;
  readonly model: StrategyId;
  readonly seed: number;
  readonly runs: number;
  readonly test: string;
  readonly summary: string;
}

export const publishedPlugins: readonly PublishedPlugin[] = [
  {
    file: 'express-session.md',
    title: 'express-session 1.19 + connect-redis 8.1 over ioredis 5 (Express 5)',
    strategy: () => expressSessionStrategy(),
    model: 'central-store',
    seed: 1,
    runs: 30,
    test: 'test/properties/express-session.test.ts',
    summary: `
The code is [examples/express-session.ts](../../../examples/express-session.ts): the READMEs' setup
(\`resave: false\`, \`saveUninitialized: false\`, a \`RedisStore\` on the node's ioredis client) and
their login/logout example. What the verdicts show:

- **Round trips.** Every request reaches Redis: \`GET /me\` makes 2 (GET, then EXPIRE: with
  \`resave: false\` express-session *touches* every unmodified session), adding to the cart 2 (GET,
  SET of the whole session), login 3 (DEL, SET, SET), logout 4. *Extra hop? Yes.*
- **Redis stops.** Requests fail closed (503 after one attempted command; \`safety.fail-closed\`
  holds), so \`store.outage-tolerant\` is refuted. A login refused during the outage still carries a
  \`Set-Cookie\` for a session that was never stored: one place where it leaves the model
  (\`conformance.model-impl\`). The other, the counterexample shown below: a logout after an admin
  revoke answers 401 (the example's route refuses a logout without a user), where the model
  acknowledges every logout. The same verdicts hold on a real redis-server stopped with SIGSTOP
  (the test's \`target: 'redis'\` case).
- **Lost updates.** A session is read, changed and written back whole: of concurrent cart
  additions in a generated batch one is lost, and its \`/me\` (which reports the cart count) shows
  it (\`concurrency.no-lost-update\`).
- **Fixation.** \`regenerate()\` at login, as the README advises, makes \`safety.fixation\` hold;
  the test shows it refuted when login skips it.
- **Time.** express-session reads \`Date.now()\` and Redis keeps real TTLs, so the harness's clock
  does not reach it (\`capabilities.wallClock\`): \`safety.expiry\` and \`revocation.bounded\` are
  n/a, not judged. Its cookie's \`Expires\` is a wall-clock date: without the declaration
  \`safety.expiry\` comes out vacuous, never holds.
`,
  },
  {
    file: 'cookie-session.md',
    title: 'cookie-session 2.1 (Express 5)',
    strategy: () => cookieSessionStrategy(),
    model: 'jwt',
    seed: 1,
    runs: 30,
    test: 'test/properties/cookie-session.test.ts',
    summary: `
The code is [examples/cookie-session.ts](../../../examples/cookie-session.ts): the README's setup
(\`name\`, \`keys\`, \`maxAge\`) and its \`req.session = null\` logout. What the verdicts show:

- **No store, no hop.** The session (user and cart) is the signed \`session\` cookie
  (\`session.sig\` beside it); nodes never reach Redis, so Redis stopping changes nothing. The table
  row is the source table's JWT row.
- **Revocation and logout.** Nothing server-side can be revoked; a copy of a cookie taken before
  logout is still accepted, and a logged-out cookie is issued again, byte for byte, at the user's
  next login.
- **Size.** The cart rides in the cookie: after about 50 items it passes 4096 bytes, which browsers
  drop (\`token.fits-cookie\`).
- **Fixation.** The cookie is a pure function of the session (no nonce, no issue time), so a login
  issues the same cookie an earlier login of that user did; \`safety.fixation\` calls that "not new".
- **Lost updates.** Two concurrent cart additions from one cookie keep one item.
- **Conformance.** With the cart full the session does not change and no cookie is set, where the
  \`jwt\` model re-issues its token.
- **Time.** The server reads no time; the only lifetime is the cookie's wall-clock \`Expires\`,
  which the browser enforces (\`capabilities.wallClock\`): \`safety.expiry\` and
  \`revocation.bounded\` are n/a.
`,
  },
];

/** The page of one published check, from a check run with its settings. */
export function pluginPage(plugin: PublishedPlugin, check: StrategyCheck): string {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  return renderPluginReport(check, {
    title: plugin.title, summary: plugin.summary, target: 'impl', seed: plugin.seed, runs: plugin.runs, version,
    command: `npx vitest run ${plugin.test}`,
  });
}

/** Runs one published check. */
export function runPublished(plugin: PublishedPlugin): Promise<StrategyCheck> {
  return checkStrategy(plugin.strategy(), { model: plugin.model, runs: plugin.runs, seed: plugin.seed });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(publishedPluginsDir, { recursive: true });
  for (const plugin of publishedPlugins) {
    writeFileSync(join(publishedPluginsDir, plugin.file), pluginPage(plugin, await runPublished(plugin)));
    console.log(`wrote ${join(publishedPluginsDir, plugin.file)}`);
  }
}
