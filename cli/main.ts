/**
 * `sessioncheck`: dispatches to one file per command under `cli/commands/`.
 * Exit codes: 0 as expected, 1 a verdict differs from its expectation, 2 bad usage, 3 a harness or
 * internal error (one line on stderr; the stack only with `--debug`).
 */
import { UsageError } from './errors.ts';
import { commandHelp, usage } from './help.ts';
import { processIo, type Command, type Io } from './io.ts';

const commands: Record<string, () => Promise<Command>> = {
  verify: async () => (await import('./commands/verify.ts')).verify,
  explore: async () => (await import('./commands/explore.ts')).explore,
  report: async () => (await import('./commands/report.ts')).report,
  replay: async () => (await import('./commands/replay.ts')).replay,
  list: async () => (await import('./commands/list.ts')).list,
  cite: async () => (await import('./commands/cite.ts')).cite,
  explain: async () => (await import('./commands/explain.ts')).explain,
  merge: async () => (await import('./commands/merge.ts')).merge,
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  // `--debug` (anywhere) is the CLI's own: an internal error then prints its stack.
  const debug = argv.includes('--debug');
  const [name, ...rest] = argv.filter((a) => a !== '--debug');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    // `sessioncheck help verify` is `sessioncheck verify --help`.
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !Object.hasOwn(commands, topic)) {
      io.err(`sessioncheck: no help for "${topic}": not a command; valid: ${Object.keys(commands).join(', ')}\n`);
      return 2;
    }
    io.out(topic === undefined ? usage : commandHelp(topic));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    const { projectInfo } = await import('../reports/projectInfo.ts');
    io.out(`sessioncheck ${projectInfo().version}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    io.err(`sessioncheck: unknown command "${name}"; valid: ${Object.keys(commands).join(', ')} ("sessioncheck --help" lists them)\n\n${usage}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(name));
    return 0;
  }
  try {
    return await (await load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`sessioncheck ${name}: ${error.message} ("sessioncheck ${name} --help" lists every option)\n`);
      return 2;
    }
    // Not a verdict and not bad usage: exit 3 with one line (the stack with --debug).
    const message = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
    io.err(`sessioncheck ${name}: internal error: ${message}${debug ? '' : ' (run again with --debug for the stack)'}\n`);
    if (debug && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    return 3;
  }
}
