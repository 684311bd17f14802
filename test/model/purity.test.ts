import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const forbidden: [RegExp, string][] = [
  [/\bDate\.now\s*\(|\bnew Date\s*\(/, 'reads the clock'],
  [/\bMath\.random\s*\(/, 'uses randomness'],
  [/\bperformance\.now\s*\(/, 'reads the clock'],
  [/from\s+['"](node:)?(fs|fs\/promises|net|http|https|child_process|crypto|dgram|worker_threads|os|process)['"]/, 'does I/O'],
  [/\bprocess\.(env|argv|stdout|stderr|hrtime)/, 'touches the process'],
  [/\bfetch\s*\(/, 'does network I/O'],
  [/from\s+['"]\.\.\/(\.\.\/)?(impl|properties|reports|cli)\//, 'imports outside the model'],
];

describe('the model is pure', () => {
  const files = sources('model');
  it('has source files to check', () => expect(files.length).toBeGreaterThan(10));
  for (const file of files) {
    it(`${file} touches no I/O, time or randomness`, () => {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const [pattern, what] of forbidden) expect(pattern.test(text), `${file} ${what}`).toBe(false);
    });
  }
});
