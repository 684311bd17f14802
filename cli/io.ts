/** Where a command writes; tests pass their own to capture output. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** stdout is a terminal (progress bars only then). */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where progress bars are drawn (stderr); drawn only when it is a terminal too. */
  readonly progress?: ProgressStream;
}

/** A stream a progress bar can draw on (process.stderr, or a test's fake terminal). */
export type ProgressStream = NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  progress: process.stderr,
};

/** A command: takes its arguments (after the command name), returns the exit code. */
export type Command = (args: string[], io: Io) => Promise<number>;
