/** Rewrites PROPERTIES.md from the catalog: `npx tsx reports/generateProperties.ts`. */
import { writeFileSync } from 'node:fs';
import { propertiesMarkdown } from './propertiesMarkdown.ts';

writeFileSync(new URL('../PROPERTIES.md', import.meta.url), propertiesMarkdown());
process.stdout.write('wrote PROPERTIES.md\n');
