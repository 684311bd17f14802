/**
 * SPIN on the same semantics, on the same machine: bench/spin/sticky.pml (our Promela port of
 * sticky) compiled with Debian's `spin` and gcc, searched breadth-first to the same depth as the
 * explorer's comparison run (`-DBFS -DNOREDUCE -DSAFETY`: no partial-order reduction, safety only,
 * whole states stored, so the count is exact; `-DHC4` hash compaction loses states to 32-bit
 * collisions, about n²/2³³: 2,394 of 4 million at depth 7; `-m` bounds the depth in actions, one
 * d_step each). The port has no symmetry reduction, so its state count is to be read
 * beside the explorer's `--no-symmetry` count at that depth; they are equal when the port is
 * faithful. Where `spin` or `gcc` is missing the figures say so instead.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type SpinFigures =
  | { readonly skipped: true; readonly note: string }
  | {
    readonly skipped: false;
    readonly version: string;
    readonly model: string;
    readonly depth: number;
    readonly distinctStates: number;
    /** pan's own elapsed time of the search (wall). */
    readonly seconds: number;
    /** User + system CPU seconds of pan (less sensitive to a shared machine than wall time). */
    readonly cpuSeconds: number;
    readonly distinctStatesPerSecond: number;
    readonly distinctStatesPerCpuSecond: number;
    readonly errors: number;
  };

const here = dirname(fileURLToPath(import.meta.url));

function found(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/** Runs SPIN on bench/spin/sticky.pml to `depth`. */
export function benchSpin(depth: number): SpinFigures {
  for (const tool of ['spin', 'gcc']) {
    if (!found(tool)) return { skipped: true, note: `${tool} is not installed here (Debian: apt-get install -y spin gcc): no SPIN figure` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sessioncheck-spin-'));
  try {
    copyFileSync(join(here, 'spin', 'sticky.pml'), join(dir, 'sticky.pml'));
    const run = (command: string) => {
      const r = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`${command} failed (exit ${r.status}): ${(r.stderr || r.stdout).slice(-2000)}`);
      return r.stdout;
    };
    const version = run('spin -V').trim();
    run('spin -a sticky.pml');
    run('gcc -O2 -DBFS -DNOREDUCE -DSAFETY -o pan pan.c');
    // `times` prints the shell's and then its children's user and system time.
    // -w: hash table of 2^w slots, sized for the depth (a table far too large costs its allocation).
    const out = run(`./pan -m${depth} -w${depth >= 7 ? 26 : depth >= 5 ? 22 : 16}; times`);
    const number = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
    const states = number(/(\d+) states, stored/);
    const seconds = number(/elapsed time ([\d.e+-]+) seconds/);
    const errors = number(/errors: (\d+)/);
    const times = [...out.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    const cpuSeconds = times.length >= 4 ? times[2] + times[3] : NaN;
    if (!Number.isFinite(states)) throw new Error(`could not read pan's output: ${out.slice(-2000)}`);
    return {
      skipped: false, version, model: 'bench/spin/sticky.pml', depth, distinctStates: states, seconds, cpuSeconds: round(cpuSeconds, 2),
      distinctStatesPerSecond: Math.round(states / Math.max(seconds, 1e-3)), distinctStatesPerCpuSecond: Math.round(states / Math.max(cpuSeconds, 1e-3)), errors,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));
