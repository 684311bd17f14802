/** The command line that reproduces a report (printed in every format, so readers can re-run it). */
import type { Target } from '../properties/results.ts';

/** `npx sessioncheck report --target model --seed 1 --runs 200`; the output directory is the reader's choice. */
export function regenerateCommand(options: { readonly target: Target; readonly seed: number; readonly runs: number }): string {
  return `npx sessioncheck report --target ${options.target} --seed ${options.seed} --runs ${options.runs}`;
}
