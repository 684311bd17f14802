/**
 * The committed report set under `reports/published/`: fixed target, seed and runs, so that a
 * path cited in coursework keeps showing the same evidence. A test regenerates it and compares.
 */
import type { Target } from '../properties/results.ts';

export const publishedDir = 'reports/published';

export const publishedOptions: { readonly target: Target; readonly seed: number; readonly runs: number } = { target: 'model', seed: 1, runs: 200 };

/** Checks of third-party session layers (examples/publish-plugins.ts writes them; the report command does not). */
export const publishedPluginsSubdir = 'plugins';

/** The shell command that refreshes the published set (the plug-in pages are kept). */
export const refreshPublishedCommand = `find ${publishedDir} -mindepth 1 -maxdepth 1 ! -name ${publishedPluginsSubdir} -exec rm -rf {} + && npx sessioncheck report --out ${publishedDir} --target ${publishedOptions.target} --seed ${publishedOptions.seed} --runs ${publishedOptions.runs}`;
