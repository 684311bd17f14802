/** Runs the real bin in its own process, so the exit code is the one a shell or CI sees. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function bin(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return binWithEnv(process.env, ...args);
}

/** The bin with its own environment (a PATH holding a fake binary, NO_COLOR, …). */
export function binWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [fileURLToPath(new URL('../../bin/sessioncheck.js', import.meta.url)), ...args], { encoding: 'utf8', env }, (error, out, err) => {
      resolve({ code: error ? Number(error.code) : 0, out, err });
    });
  });
}
