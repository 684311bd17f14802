/** Rewrites TABLE.md from table.ts: `npx tsx test/mutants/writeTable.ts`. */
import { writeFileSync } from 'node:fs';
import { tableMarkdown } from './table.ts';

writeFileSync(new URL('./TABLE.md', import.meta.url), tableMarkdown());
