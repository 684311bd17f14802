/** Runs the CLI in-process with captured output (no terminal, so no progress bar). */
import type { Io } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';

export async function sessioncheck(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => { out += t; }, err: (t) => { err += t; }, isTTY: false, env: {} };
  const code = await main(args, io);
  return { code, out, err };
}
