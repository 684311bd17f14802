/**
 * What one shard of a search records so that the shards' counts can be merged into exactly the
 * unsharded search's: every distinct state it met (fingerprint and depth) and, for each state it
 * expanded, its out-degree. The unsharded search meets the union of the shards' states, each at
 * its smallest depth among them, and expands every state shallower than the depth bound once, so
 * its `distinctStates` is the size of the union and its `states` is 1 plus the out-degrees of the
 * union's states shallower than the bound (`mergeShards.ts`).
 */

/** Bytes per state: fingerprint (2 × u32), depth (u16), out-degree (u16; NOT_EXPANDED if none). */
export const RECORD_BYTES = 12;
export const NOT_EXPANDED = 0xffff;

export class ShardRecorder {
  private hi: number[] = [];
  private lo: number[] = [];
  private depth: number[] = [];
  private degree: number[] = [];
  /** Parent-table index → record index (the root is parent 0 and record 0). */
  private recordOfParent: number[] = [0];

  constructor(rootHi: number, rootLo: number) {
    this.add(rootHi, rootLo, 0);
  }

  /** A new distinct state at `depth`; `parentIndex` ≥ 0 when it will be expanded in this shard. */
  discovered(hi: number, lo: number, depth: number, parentIndex: number): void {
    const record = this.add(hi, lo, depth);
    if (parentIndex >= 0) this.recordOfParent[parentIndex] = record;
  }

  /** The state at `parentIndex` was expanded: it has `outDegree` enabled actions. */
  expanded(parentIndex: number, outDegree: number): void {
    this.degree[this.recordOfParent[parentIndex]] = outDegree;
  }

  /** The records, base64 (little-endian), in the order the states were met. */
  encode(): string {
    const bytes = new Uint8Array(this.hi.length * RECORD_BYTES);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < this.hi.length; i++) {
      const at = i * RECORD_BYTES;
      view.setUint32(at, this.hi[i] >>> 0, true);
      view.setUint32(at + 4, this.lo[i] >>> 0, true);
      view.setUint16(at + 8, this.depth[i], true);
      view.setUint16(at + 10, this.degree[i], true);
    }
    return Buffer.from(bytes).toString('base64');
  }

  private add(hi: number, lo: number, depth: number): number {
    this.hi.push(hi);
    this.lo.push(lo);
    this.depth.push(depth);
    this.degree.push(NOT_EXPANDED);
    return this.hi.length - 1;
  }
}
