/** Runs the real bin in its own process, so the exit code is the one a shell or CI sees. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type Outcome = { code: number; out: string; err: string };

export function bin(...args: string[]): Promise<Outcome> {
  return binWith({}, ...args);
}

/** The bin with its own environment (a PATH holding a fake binary, NO_COLOR, …). */
export function binWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Outcome> {
  return binWith({ env }, ...args);
}

/** The bin with an environment and node's own arguments (an `--import` run before it, …). */
export function binWith(options: { env?: NodeJS.ProcessEnv; nodeArgs?: readonly string[] }, ...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const argv = [...(options.nodeArgs ?? []), fileURLToPath(new URL('../../bin/sessioncheck.js', import.meta.url)), ...args];
    execFile(process.execPath, argv, { encoding: 'utf8', env: options.env ?? process.env }, (error, out, err) => {
      resolve({ code: error ? Number(error.code) : 0, out, err });
    });
  });
}
