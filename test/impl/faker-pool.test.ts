/** Pooled faker instances (impl/session/data.ts): a reused, reseeded instance generates exactly what a new one with that seed does. */
import { describe, expect, it } from 'vitest';
import { acquireFaker, fakeItem, fakeProfile, releaseFaker, seededFaker } from '../../impl/session/data.ts';

const sample = (faker: ReturnType<typeof seededFaker>) => [fakeProfile(faker), fakeItem(faker, 1), fakeItem(faker, 2)];

describe('faker pool', () => {
  it('a released instance is reused and, reseeded, repeats a fresh instance of the same seed', () => {
    const used = acquireFaker(7);
    const firstUse = sample(used);
    releaseFaker(used);
    const again = acquireFaker(42);
    expect(again).toBe(used);
    expect(sample(again)).toEqual(sample(seededFaker(42)));
    releaseFaker(again);
    expect(sample(acquireFaker(7))).toEqual(firstUse);
  });

  it('instances in use are never handed out twice', () => {
    const a = acquireFaker(1);
    const b = acquireFaker(1);
    expect(a).not.toBe(b);
    expect(sample(a)).toEqual(sample(b));
  });
});
