/** Where a command writes; tests pass their own to capture output. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** stdout is a terminal (progress bars only then). */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
};

/** A command: takes its arguments (after the command name), returns the exit code. */
export type Command = (args: string[], io: Io) => Promise<number>;
