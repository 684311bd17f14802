/** The explorer is part of the pure model: no clock, no randomness, no I/O. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '../../model/explore');

describe('model/explore is pure', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.ts')))('%s reads no clock, draws no random number and does no I/O', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    expect(source).not.toMatch(/Date\.now|new Date|Math\.random|performance\.|process\.|from 'node:|console\./);
  });
});
