#!/usr/bin/env node
// In a checkout the TypeScript sources sit next to this file: the CLI runs them through tsx (a
// dev dependency), so `npm install && npm start` needs no build step and an edit is never hidden
// by a stale dist/. The published package ships no sources (package.json `files`): there the CLI
// is the compiled JavaScript in dist/, run by plain node.
import { existsSync } from 'node:fs';

// An error nothing caught (a socket's late 'error', a rejected promise nobody awaited) is an
// internal error too: exit 3 with one line on stderr, the stack only with --debug (cli/main.ts
// does the same for what a command throws).
const debug = process.argv.includes('--debug');
const internal = (error) => {
  const message = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
  process.stderr.write(`sessioncheck: internal error: ${message}${debug ? '' : ' (run again with --debug for the stack)'}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(3);
};
process.on('uncaughtException', internal);
process.on('unhandledRejection', internal);

const sources = new URL('../cli/main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import('../dist/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
