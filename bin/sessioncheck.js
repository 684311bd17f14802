#!/usr/bin/env node
// In a checkout the TypeScript sources sit next to this file: the CLI runs them through tsx (a
// dev dependency), so `npm install && npm start` needs no build step and an edit is never hidden
// by a stale dist/. The published package ships no sources (package.json `files`): there the CLI
// is the compiled JavaScript in dist/, run by plain node.
import { existsSync } from 'node:fs';

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
