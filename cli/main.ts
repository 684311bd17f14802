/**
 * `sessioncheck`: dispatches to one file per command under `cli/commands/`.
 * Exit codes: 0 as expected, 1 a verdict differs from its expectation, 2 bad usage.
 */
import { UsageError } from './errors.ts';
import { processIo, type Command, type Io } from './io.ts';

const commands: Record<string, () => Promise<Command>> = {
  verify: async () => (await import('./commands/verify.ts')).verify,
  explore: async () => (await import('./commands/explore.ts')).explore,
  report: async () => (await import('./commands/report.ts')).report,
  replay: async () => (await import('./commands/replay.ts')).replay,
  list: async () => (await import('./commands/list.ts')).list,
  cite: async () => (await import('./commands/cite.ts')).cite,
  explain: async () => (await import('./commands/explain.ts')).explain,
};

const usage = `usage: sessioncheck <command> [options]

commands:
  verify   [--target model|impl|sockets|redis|cluster] [--strategy ID]... [--property ID]...
           [--runs N] [--seed N] [--concurrency N] [--json] [--out DIR]
  explore  [--strategy ID] [--users N] [--nodes N] [--depth D] [--json]
  report   [--out DIR] [--format md,html,json,junit] [--target model|impl|sockets] [--strategy ID]...
           [--seed N] [--runs N] [--concurrency N]
  replay   TOKEN
  list     [--json]
  cite     ID [--format text|bibtex]
  explain  [q1..q5] [--runs N] [--seed N]

exit codes: 0 every verdict as expected, 1 a verdict differs, 2 bad usage
`;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage);
    return name === undefined ? 2 : 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(usage);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    io.err(`sessioncheck: unknown command "${name}"; valid: ${Object.keys(commands).join(', ')}\n\n${usage}`);
    return 2;
  }
  try {
    return await (await load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`sessioncheck ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
