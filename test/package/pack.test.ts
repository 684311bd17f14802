/**
 * The published package, used as another project uses it: `npm pack` (its `prepack` builds dist/),
 * the tarball installed into a fresh temporary project, and then, with plain `node` and no tsx:
 * (a) the `sessioncheck` bin; (b) a plug-in written against the installed package's types,
 * type-checked by tsc (module nodenext, strict, skipLibCheck off: every public .d.ts must resolve)
 * and run; (c) `checkStrategy`, through the `expectStrategy` helper, called from vitest tests in that
 * project: a conforming plug-in passes, a broken one fails with its counterexample and replay command.
 *
 * Installing offline. The npm cache holds the tarballs `npm ci` fetched but not the registry
 * metadata `npm install <tarball>` needs to resolve the package's dependency versions, so a plain
 * `npm install --offline <tarball>` fails (ENOTCACHED), and no test may rely on the network. So the
 * temporary project declares each runtime dependency the package declares (package.json
 * `dependencies`, nothing else) as a `file:` link to this checkout's installed copy, and npm then
 * installs the tarball itself for real, offline, in about a second: it unpacks exactly what `files`
 * ships and links the bin, and every dependency is already satisfied. The repository's dev
 * dependencies (tsx among them) are not linked, so dist/ importing a package it does not declare
 * fails here as it would for a user. The project also gets @types/node (the public types use
 * `node:http`) and, for (c), vitest, as a user's project would have them.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const run = promisify(execFile);

/** The environment for child processes, without this vitest run's own variables (a nested vitest would read them). */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS'));
}

/** A command that may fail (a test run with a failing test): its exit code and output, never a throw. */
async function shExit(command: string, args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, env: childEnv(), maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as Error & { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
  }
}

async function sh(command: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    return (await run(command, args, { cwd, env: childEnv(), maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${e.message}\nstdout: ${e.stdout ?? ''}\nstderr: ${e.stderr ?? ''}`);
  }
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(dir, path) : [path];
  });
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

let work: string;
let project: string;
let packed: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sessioncheck-pack-'));
  const out = await sh('npm', ['pack', '--json', '--pack-destination', work], root);
  const [tarball] = JSON.parse(out) as [{ filename: string; files: { path: string }[] }];
  packed = tarball.files.map((f) => f.path);

  project = join(work, 'project');
  const link = (name: string) => `file:${join(root, 'node_modules', name)}`;
  const dependencies = Object.fromEntries([...Object.keys(pkg.dependencies), '@types/node', 'vitest'].map((name) => [name, link(name)]));
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-sessioncheck', private: true, type: 'module', dependencies }, null, 2));
  // The dependencies are linked from this repository's node_modules as directories, and npm runs a
  // directory dependency's `prepare` script (@sinonjs/fake-timers' is `husky`, a tool of its own
  // repository): scripts are left out, as none of the package's own install needs one.
  await sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--install-links=false', '--ignore-scripts', join(work, tarball.filename)], project);

  // The plug-in (b) and (c) check: the repository's example, importing the package by name as a
  // user's code would.
  const example = readFileSync(join(root, 'examples/signed-cookie.ts'), 'utf8').replace("from '../index.ts'", "from 'sessioncheck'");
  expect(example).not.toMatch(/from '\.{1,2}\//);
  writeFileSync(join(project, 'signed-cookie.ts'), example);
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds the compiled JavaScript, its .d.ts types and the bin, and no TypeScript sources', () => {
    expect(packed).toEqual(expect.arrayContaining([
      'package.json', 'README.md', 'LICENSE', 'bin/sessioncheck.js',
      'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/impl/infra/worker.js',
    ]));
    // A shipped cli/main.ts would make the bin run the sources through tsx, a dev dependency.
    expect(packed.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    // Plain node resolves no `.ts` specifier: the build rewrites every relative import to `.js`.
    const dist = join(project, 'node_modules/sessioncheck/dist');
    const tsImports = filesUnder(dist).filter((f) => f.endsWith('.js'))
      .filter((f) => /(?:from\s*|import\s*\(\s*)['"]\.{1,2}\/[^'"]*\.ts['"]/.test(readFileSync(join(dist, f), 'utf8')));
    expect(tsImports).toEqual([]);
  });

  it('(a) prints --version (the package\'s version) and verify --help from the installed bin', async () => {
    expect(await sh(process.execPath, ['node_modules/.bin/sessioncheck', '--version'], project)).toBe(`sessioncheck ${(pkg as unknown as { version: string }).version}\n`);
    expect(await sh(process.execPath, ['node_modules/.bin/sessioncheck', 'verify', '--help'], project)).toMatch(/^usage: sessioncheck verify[\s\S]*--runs N\s+.*\(default: 200\)/);
  });

  it('(a) runs `explore --threads 2` from the package: its worker threads load the compiled JavaScript', async () => {
    const json = JSON.parse(await sh(process.execPath, ['node_modules/.bin/sessioncheck', 'explore', '--strategy', 'sticky', '--depth', '3', '--threads', '2', '--json'], project));
    expect(json).toMatchObject({ strategy: 'sticky', states: 916, distinctStates: 421, engine: 'flat', threads: 2 });
    expect(json.threadsFallback).toBeUndefined();
  });

  it('(a) runs `sessioncheck verify` with plain node from the installed bin', async () => {
    const report = JSON.parse(await sh(process.execPath, ['node_modules/.bin/sessioncheck', 'verify', '--runs', '20', '--strategy', 'jwt', '--json'], project)) as {
      tool: string; target: string; runs: number; ok: boolean; results: { strategy: string; property: string; verdict: string }[];
    };
    expect(report).toMatchObject({ tool: 'sessioncheck', target: 'model', runs: 20, ok: true });
    expect(report.results.length).toBeGreaterThan(0);
    expect(new Set(report.results.map((r) => r.strategy))).toEqual(new Set(['jwt']));
    expect(report.results.find((r) => r.property === 'revocation.instant')?.verdict).toBe('refuted');

    // The real implementations, compiled (jose, ioredis-mock and its Lua VM on central-store).
    const impl = JSON.parse(await sh(process.execPath, [
      'node_modules/.bin/sessioncheck', 'verify', '--target', 'impl', '--strategy', 'central-store', '--runs', '5', '--json',
      '--property', 'stateless.any-node-serves', '--property', 'hop.none-per-request', '--property', 'conformance.model-impl',
    ], project)) as { ok: boolean; results: { verdict: string }[] };
    expect(impl.ok).toBe(true);
    expect(impl.results.map((r) => r.verdict)).toEqual(['holds', 'refuted', 'holds']);
  }, 120_000);

  it('(a) runs `--target cluster` from the package: its node worker processes are compiled JavaScript too', async () => {
    // Needs haproxy and redis-server, as test/infra does.
    const cluster = JSON.parse(await sh(process.execPath, [
      'node_modules/.bin/sessioncheck', 'verify', '--target', 'cluster', '--strategy', 'jwt', '--runs', '3', '--json',
      '--property', 'stateless.any-node-serves', '--property', 'conformance.model-impl',
    ], project)) as { ok: boolean; results: { verdict: string }[] };
    expect(cluster.ok).toBe(true);
    expect(cluster.results.map((r) => r.verdict)).toEqual(['holds', 'holds']);
  }, 120_000);

  it('(b) type-checks a plug-in against the installed types and runs it with plain node', async () => {
    writeFileSync(join(project, 'plugin.ts'), [
      "import { checkStrategy, type SessionStrategy } from 'sessioncheck';",
      "import { signedCookieStrategy } from './signed-cookie.js';",
      '',
      'const strategy: SessionStrategy = signedCookieStrategy();',
      "const check = await checkStrategy(strategy, { model: 'jwt', runs: 10, seed: 1 });",
      'console.log(JSON.stringify({ conforms: check.conforms, errors: check.errors, verdicts: Object.fromEntries(check.results.map((r) => [r.property, r.verdict])) }));',
      '',
    ].join('\n'));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: false,
        types: ['node'], outDir: 'out', noEmitOnError: true,
      },
      files: ['plugin.ts'],
    }, null, 2));
    // One pass type-checks (zero diagnostics, or no output at all: noEmitOnError) and compiles.
    expect(await sh(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], project)).toBe('');

    const result = JSON.parse(await sh(process.execPath, ['out/plugin.js'], project)) as { conforms: boolean; errors: unknown[]; verdicts: Record<string, string> };
    expect(result.errors).toEqual([]);
    expect(result.conforms).toBe(true);
    expect(result.verdicts).toMatchObject({ 'stateless.any-node-serves': 'holds', 'store.none': 'holds', 'conformance.model-impl': 'holds' });
  }, 120_000);

  it('(c) calls checkStrategy from a vitest test in that project, through expectStrategy: a conforming plug-in passes, a broken one fails with its counterexample and replay command', async () => {
    writeFileSync(join(project, 'plugin.test.ts'), [
      "import { expect, test } from 'vitest';",
      "import { expectStrategy, type SessionStrategy } from 'sessioncheck';",
      "import { signedCookieStrategy } from './signed-cookie.ts';",
      '',
      "test('the signed-cookie plug-in holds what the jwt model holds', async () => {",
      "  const check = await expectStrategy(signedCookieStrategy(), { model: 'jwt', runs: 10, seed: 1 });",
      '  expect(check.errors).toEqual([]);',
      '  expect(check.conforms).toBe(true);',
      '}, 60_000);',
      '',
      '// A bug: every node signs with a secret of its own, so another node refuses the cookie.',
      'const perNodeSecret: SessionStrategy = { ...signedCookieStrategy(), name: \'per-node-secret\', createNode: (ctx) => signedCookieStrategy().createNode(ctx) };',
      '',
      "test('a plug-in whose nodes do not share the signing secret', async () => {",
      "  await expectStrategy(perNodeSecret, { model: 'jwt', runs: 10, seed: 1, holds: ['stateless.any-node-serves'] });",
      '}, 60_000);',
      '',
    ].join('\n'));
    const { code, stdout, stderr } = await shExit(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter', 'json'], project);
    expect(code, stderr).toBe(1);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
      numPassedTests: number; numFailedTests: number;
      testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
    };
    expect(report).toMatchObject({ numPassedTests: 1, numFailedTests: 1 });
    const results = report.testResults.flatMap((t) => t.assertionResults);
    expect(results.find((r) => r.title.startsWith('the signed-cookie plug-in'))?.status).toBe('passed');
    const failed = results.find((r) => r.title.startsWith('a plug-in whose nodes'));
    expect(failed?.status).toBe('failed');
    const message = failed!.failureMessages.join('\n');
    expect(message).toContain('StrategyCheckFailure: sessioncheck: per-node-secret (held to the jwt model) fails 1 property it should hold (seed 1):');
    expect(message).toMatch(/✗ stateless\.any-node-serves: .*\n {2}counterexample: login\(u0\)/);
    expect(message).toMatch(/\n {2}replay: npx sessioncheck replay sc1\.[A-Za-z0-9_-]+ /);
  }, 120_000);
});
