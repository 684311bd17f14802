/**
 * The CLI's help texts: the global usage (`sessioncheck --help`, or no arguments) and one page per
 * command (`sessioncheck <command> --help` or `-h`) listing every option with its default and an
 * example. Defaults are read from the constants the commands use, so a page cannot drift from them.
 */
import { DEFAULT_DEPTH, DEFAULT_MAX_STATES } from '../model/explore/explore.ts';
import { strategyIds } from '../model/registry.ts';
import { MAX_PLAY_DEPTH } from '../model/explore/tree.ts';
import { DEFAULT_RUNS, DEFAULT_SEED } from './defaults.ts';

const SEED_RANGE = '-2147483648 to 2147483647';
const systemTargets = 'impl, sockets, redis, cluster';

interface Option {
  readonly flag: string;
  readonly text: string;
  readonly default?: string;
}

interface Page {
  readonly usage: string;
  readonly summary: string;
  readonly options: readonly Option[];
  readonly examples: readonly string[];
  readonly exit: string;
}

const runs: Option = { flag: '--runs N', text: 'generated programs per (strategy, property) cell, 1 to 1000000', default: String(DEFAULT_RUNS) };
const seed: Option = { flag: '--seed N', text: `the seed; the same seed gives the same verdicts and bytes (${SEED_RANGE}; negative values as --seed -5 or --seed=-5)`, default: String(DEFAULT_SEED) };
const concurrency: Option = { flag: '--concurrency N', text: `generated programs in flight at once, each on a system of its own, 1 to 64 (system targets only: ${systemTargets})`, default: '4; 1 on cluster' };
const exhaustive: Option = { flag: '--exhaustive D', text: `target model: the depth of the breadth-first search that backs every ✓ (0 to 8, 0 off; default 6: every sequence of up to 6 actions, 2 users, 2 nodes). Targets impl, sockets and redis: also play every edge of the model's breadth-first search to depth D (1 to ${MAX_PLAY_DEPTH}; 2 users, 2 nodes, user symmetry; forge and plant are not in its vocabulary) on a fresh system each, judged on the system's trace; a ✓ then also means no such path breaks it (exhaustiveSystem in the JSON). About 5,000–7,000 paths per strategy at depth 4, 42,000–67,000 at 5, 340,000–720,000 at 6; with verify on a system target, --runs 0 leaves the random runs out`, default: '6 on model, off elsewhere' };
const jobs: Option = { flag: '--jobs N', text: 'strategies checked at once, each in a worker process of its own, 1 to 16; results do not depend on it (targets model, impl and sockets only)', default: 'one per core, at most 2, on model, impl and sockets' };
const strategy: Option = { flag: '--strategy ID', text: `a strategy, repeatable: ${strategyIds.join(', ')}`, default: 'every strategy' };
const verdictExit = 'exit codes: 0 every decided verdict equals its expectation, 1 a verdict differs, 2 bad usage, 3 a harness or internal error';

export const pages: Readonly<Record<string, Page>> = {
  verify: {
    usage: 'sessioncheck verify [options]',
    summary: 'Decides every (strategy, property) cell with generated runs, prints the comparison table derived from the verdicts, the verdict matrix and each shrunk counterexample with its replay token.',
    options: [
      { flag: '--target T', text: 'what is checked: model (the pure model), impl (the implementations in process), sockets (real HTTP), redis (real redis-server), cluster (HAProxy, node processes, redis-server)', default: 'model' },
      strategy,
      { flag: '--property ID', text: 'a property, repeatable ("sessioncheck list" shows them)', default: 'every property' },
      runs, seed, concurrency,
      jobs,
      { flag: '--json', text: 'print one JSON object (docs/json-contract.md) instead of text', default: 'off' },
      { flag: '--out DIR', text: 'also write DIR/verify.json and DIR/verify.txt', default: 'none' },
      { flag: '--shard I/N', text: 'decide only shard I of N (1 ≤ I ≤ N ≤ 1000): every N-th (strategy, property) cell on the model, every N-th strategy on a system target; "sessioncheck merge" combines the shards\' --json outputs into the whole run', default: 'the whole run' },
      { flag: '--swarm', text: 'swarm testing (docs/swarm.md): each program draws its own subset of its profile\'s action kinds (each left out with probability 1/2, login kept) and their weights, so a kind that hides a bug (a tick that expires everything, a store wipe) is absent from about half the programs; other programs than the default ones of the seed, the same bytes per seed; the JSON gains "swarm": true', default: 'off' },
      exhaustive,
    ],
    examples: ['sessioncheck verify', 'sessioncheck verify --target impl --strategy jwt --json', 'sessioncheck verify --target impl --strategy central-store --exhaustive 4 --runs 0', 'sessioncheck verify --property failover.sessions-survive --seed -5 --runs 500', 'sessioncheck verify --shard 2/4 --json > shard-2.json', 'sessioncheck verify --target impl --swarm --runs 500'],
    exit: verdictExit,
  },
  explore: {
    usage: 'sessioncheck explore [options]',
    summary: 'Exhaustive bounded search of the model: every action sequence up to the depth, with the catalog\'s model-decided properties checked on every step. A holding verdict means "no counterexample up to depth D". With --complete the search runs to the fixpoint of the sound finite abstraction (docs/abstraction.md) and a holding verdict is "proved": no sequence of any length breaks it at that scope.',
    options: [
      { flag: '--strategy ID', text: `one strategy: ${strategyIds.join(', ')}`, default: 'every strategy (--json then prints an array)' },
      { flag: '--users N', text: 'users, 1 to 4', default: '2' },
      { flag: '--nodes N', text: 'nodes, 1 to 4', default: '2' },
      { flag: '--depth D', text: 'longest action sequence, 0 to 64', default: String(DEFAULT_DEPTH) },
      { flag: '--max-states N', text: 'stop after this many distinct states, 1 to 200000000', default: String(DEFAULT_MAX_STATES) },
      { flag: '--no-symmetry', text: 'do not identify states that differ only by renaming users or nodes', default: 'symmetry reduced' },
      { flag: '--engine E', text: 'flat (states as integer arrays, several times faster; every strategy, depth ≤ 30 (jwt-refresh ≤ 15), default --ticks and --max-items, no --shard or --abstraction) or readable; where flat cannot run, readable runs and the output says why', default: 'flat' },
      { flag: '--threads N', text: 'run the flat search on N worker threads, 1 to 64 (the same counts, verdicts and counterexamples as one thread; worth it for searches of millions of states: starting the threads takes a fraction of a second); where the flat engine does not run, one thread runs and the output says why', default: '1' },
      { flag: '--json', text: 'print JSON (docs/json-contract.md) instead of a table', default: 'off' },
      { flag: '--shard I/N', text: 'search only shard I of N (1 ≤ I ≤ N ≤ 1000): the complete sub-trees under every N-th distinct first action; "sessioncheck merge" combines the shards\' --json outputs into the whole search (not with --abstraction or --complete)', default: 'the whole search' },
      { flag: '--abstraction', text: 'search the sound finite abstraction (dead credentials dropped, relative time with no clock bound, unread fields dropped): the same verdicts and shortest counterexample lengths, fewer states', default: 'off (concrete states)' },
      { flag: '--complete', text: 'search the abstraction until a level adds no new state (no --depth) and print the size of the whole abstract space; holding verdicts are printed "proved" (for every sequence at this scope). Its scope: 1 user, 2 nodes (up to 3), tick(1800) only, unless --users, --nodes or --ticks say otherwise; sticky and central-store finish in minutes', default: 'off' },
      { flag: '--ticks N,N', text: 'the tick(N) step sizes offered, in seconds (1 to 86400, distinct)', default: '60,300,3600 (--complete: 1800)' },
      { flag: '--max-items N', text: 'the cart limit of the scope, 0 to 50: a smaller one makes jwt\'s abstract space small enough for --complete (their cart lives in the token, each size a state; jwt at 3: 355,446 states, about 80 s), and is then part of what "proved" is proved for (token.fits-cookie at 3 items says nothing of 50)', default: '50' },
    ],
    examples: ['sessioncheck explore --strategy sticky --depth 6', 'sessioncheck explore --strategy central-store --complete', 'sessioncheck explore --strategy central-store --depth 7 --engine readable', 'sessioncheck explore --strategy sticky --depth 8 --max-states 20000000 --threads 2', 'sessioncheck explore --strategy jwt --users 1 --nodes 3 --json', 'sessioncheck explore --depth 6 --shard 1/3 --json > explore-1.json'],
    exit: 'exit codes: 0 no property expected to hold was refuted, 1 one was, 2 bad usage, 3 an internal error',
  },
  report: {
    usage: 'sessioncheck report [options]',
    summary: 'Runs the verification and writes the report set: Markdown with sequence diagrams, one self-contained HTML file, JSON and JUnit XML. The same seed gives the same bytes, except the measured time attributes of the JUnit XML.',
    options: [
      { flag: '--out DIR', text: 'where the files go', default: 'out/report' },
      { flag: '--format LIST', text: 'comma-separated: md, html, json, junit', default: 'md,html,json,junit' },
      { flag: '--target T', text: `model, ${systemTargets}`, default: 'model' },
      strategy, seed, runs, concurrency, jobs, exhaustive,
    ],
    examples: ['sessioncheck report', 'sessioncheck report --out out/impl --target impl --format md,html'],
    exit: 'exit codes: 0 every decided verdict equals its expectation (files written either way), 1 a verdict differs, 2 bad usage, 3 a harness or internal error',
  },
  replay: {
    usage: 'sessioncheck replay TOKEN [--plugin MODULE[#EXPORT] [--target T] [--fake-time]]',
    summary: 'Re-runs a counterexample on the model from its replay token (printed by verify, explore --json, the reports and checkStrategy), prints its trace and says whether the property\'s check fires at the last step. With --plugin, plays the actions on that plug-in (a module path and its export, as checkStrategy({ module, export }) loads it) instead, judging the property on its own answers.',
    options: [
      { flag: '--plugin MODULE[#EXPORT]', text: 'replay on this plug-in, not the model (EXPORT defaults to default)', default: 'off (the model)' },
      { flag: '--target T', text: 'with --plugin: impl, sockets, redis, cluster', default: "the token's target, or impl" },
      { flag: '--fake-time', text: "with --plugin: the plug-in's Date follows the harness clock", default: 'on for a plug-in declaring capabilities.wallClock' },
    ],
    examples: ['sessioncheck replay sc1.eyJzIjoic3RpY2t5Ii…', 'sessioncheck replay sc1.eyJzIjoiand0Ii… --plugin ./examples/cookie-session.ts#cookieSessionPlugin'],
    exit: 'exit codes: 0 the check fires (on the model: at the last step), 1 it does not or nothing could be checked, 2 the token cannot be read or bad usage, 3 an internal error',
  },
  list: {
    usage: 'sessioncheck list [options]',
    summary: 'The property catalog with the expected verdict per strategy.',
    options: [{ flag: '--json', text: 'print the catalog as JSON', default: 'off' }],
    examples: ['sessioncheck list', 'sessioncheck list --json'],
    exit: 'exit codes: 0 done, 2 bad usage, 3 an internal error',
  },
  cite: {
    usage: 'sessioncheck cite ID [options]',
    summary: 'One property in a form to paste into coursework: statement, source, expected verdicts, version and commit.',
    options: [{ flag: '--format F', text: 'text or bibtex', default: 'text' }],
    examples: ['sessioncheck cite failover.sessions-survive', 'sessioncheck cite revocation.instant --format bibtex'],
    exit: 'exit codes: 0 done, 2 bad usage (an unknown ID names the closest ones), 3 an internal error',
  },
  merge: {
    usage: 'sessioncheck merge FILE... [options]',
    summary: 'Combines the --json outputs of every shard of one "verify --shard I/N" or "explore --shard I/N" run (e.g. from separate CI runners) into what the unsharded run prints: the same verdicts, counterexamples, counts and derived table (explore: seconds are the shards\' sum). Refuses shards of different runs (version, target, seed, runs, selection, scope, shard count), a shard given twice or missing.',
    options: [
      { flag: '--json', text: 'print the merged JSON (as verify --json or explore --json would) instead of text', default: 'off' },
      { flag: '--out DIR', text: 'verify: also write DIR/verify.json, DIR/verify.txt and the report set (Markdown, HTML, report.json, JUnit without times); explore: DIR/explore.json', default: 'none' },
    ],
    examples: ['sessioncheck merge shard-1.json shard-2.json shard-3.json --json', 'sessioncheck merge shards/*.json --out out/merged'],
    exit: 'exit codes: 0 as the merged run (verify: every decided verdict equals its expectation; explore: no property expected to hold was refuted), 1 a verdict differs (explore: one such property was refuted), 2 bad usage (not a shard\'s JSON, shards of different runs, a shard missing or given twice, an explore shard stopped by --max-states), 3 a verify shard had a harness error, or an internal error',
  },
  explain: {
    usage: 'sessioncheck explain [q1..q5] [options]',
    summary: 'Answers the source\'s five "check your understanding" questions from evidence computed now (a model verification of the cells each question needs). No question: all five.',
    options: [runs, seed],
    examples: ['sessioncheck explain', 'sessioncheck explain q3 --runs 500'],
    exit: 'exit codes: 0 the evidence agrees with every answer, 1 it disagrees with one, 2 bad usage, 3 an internal error',
  },
};

export function commandHelp(name: string): string {
  const page = pages[name];
  const lines = [`usage: ${page.usage}`, '', page.summary, ''];
  if (page.options.length === 0) lines.push('options: none', '');
  else {
    const width = Math.max(...page.options.map((o) => o.flag.length));
    lines.push('options:');
    for (const o of page.options) lines.push(`  ${o.flag.padEnd(width)}  ${o.text}${o.default ? ` (default: ${o.default})` : ''}`);
    lines.push(`  ${'--help, -h'.padEnd(width)}  this help`, '');
  }
  lines.push('examples:', ...page.examples.map((e) => `  ${e}`), '', page.exit, '');
  return lines.join('\n');
}

export const usage = `usage: sessioncheck <command> [options]
       sessioncheck <command> --help     every option of a command, its default and an example
       sessioncheck --version            the version

commands:
  verify   decide every (strategy, property) cell; the comparison table derived from the verdicts
  explore  exhaustive bounded search of the model
  report   write the report set (Markdown, HTML, JSON, JUnit)
  replay   re-run a counterexample from its replay token
  list     the property catalog
  cite     one property, citable (text or BibTeX)
  explain  the five "check your understanding" questions, answered from evidence
  merge    combine the --json outputs of a sharded verify or explore run

exit codes:
  0  as expected (every decided verdict equals its expectation)
  1  a verdict differs from its expectation (replay: the counterexample does not reproduce)
  2  bad usage (the message lists what is valid)
  3  a harness or internal error (one line on stderr; --debug adds the stack)
`;
