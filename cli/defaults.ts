/** Defaults shared by the commands and their help pages (cli/help.ts), kept in one place. */
export const DEFAULT_RUNS = 200;
export const DEFAULT_SEED = 1;

/** The closing line of a text output: the wall time since `started` (performance.now()). */
export function timeSpent(started: number): string {
  const seconds = (performance.now() - started) / 1000;
  const text = seconds < 60 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `time spent: ${text}\n`;
}
