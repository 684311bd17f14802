/** Defaults shared by the commands and their help pages (cli/help.ts), kept in one place. */
export const DEFAULT_RUNS = 200;
export const DEFAULT_SEED = 1;
