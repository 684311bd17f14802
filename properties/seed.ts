/** Per-cell seeds: each (strategy, property) gets its own stream, so filtering changes no verdict. */
export function cellSeed(seed: number, strategy: string, property: string): number {
  // FNV-1a over the cell's name, mixed with the run's seed.
  let h = 0x811c9dc5 ^ (seed | 0);
  for (const ch of `${strategy}/${property}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
