/**
 * Canonical fingerprints of flat states. The flat state is already the canonical encoding up to
 * symmetry (IDs are ledger positions, the store is a mask, node sessions are masks; families and
 * epochs are named by first appearance, layout.ts), so what
 * remains is the readable canonicaliser's group (model/explore/canonical.ts): every renaming of
 * users, and rotations of nodes once no node can be added. The representative of a state's orbit
 * is its lexicographically least image, hashed as the readable canonicaliser hashes (two 32-bit
 * lanes). Two states get the same fingerprint exactly when the readable canonicaliser gives them
 * the same one (up to hash collisions): the encodings determine each other, image for image.
 */
import type { Scope } from '../../types.ts';
import { hashWords } from '../hash.ts';
import { FlatLayout, W } from './layout.ts';

const { AFFINITY, HEADER, NODES, OWNER_MASK, POINTER } = W;

/** All permutations of `0..n-1`, identity first. */
function permutations(n: number): Int32Array[] {
  if (n === 0) return [new Int32Array(0)];
  const out: Int32Array[] = [];
  for (const rest of permutations(n - 1)) {
    for (let at = n - 1; at >= 0; at--) {
      const p = new Int32Array(n);
      for (let i = 0, j = 0; i < n; i++) p[i] = i === at ? n - 1 : rest[j++];
      out.push(p);
    }
  }
  return out;
}

export class FlatCanonicaliser {
  hi = 0;
  lo = 0;
  private readonly best: Int32Array;
  private readonly image: Int32Array;
  /** perm[old user] = new user; inv[new user] = old user. */
  private readonly perms: Int32Array[];
  private readonly invs: Int32Array[];
  /** The least image of the last call (`s` itself or a scratch buffer). */
  private last: Int32Array;

  constructor(private readonly layout: FlatLayout, private readonly scope: Scope, readonly symmetry: boolean) {
    this.best = new Int32Array(layout.size);
    this.image = new Int32Array(layout.size);
    this.last = this.best;
    this.perms = symmetry ? permutations(scope.users) : [Int32Array.from({ length: scope.users }, (_, i) => i)];
    this.invs = this.perms.map((p) => {
      const inv = new Int32Array(p.length);
      for (let i = 0; i < p.length; i++) inv[p[i]] = i;
      return inv;
    });
  }

  /**
   * Sets `hi`/`lo` to the fingerprint of `s`'s orbit: the least image. Images are compared with
   * the best so far element by element as they are computed, and written out only when smaller
   * (the first difference is usually in the first client block, so most images cost a few words).
   */
  fingerprint(s: Int32Array): void {
    const rotations = this.symmetry && s[NODES] === this.scope.maxNodes ? s[NODES] : 1;
    const length = this.layout.used(s);
    let best = s;
    let spare = this.best;
    for (let p = 0; p < this.perms.length; p++) {
      for (let r = 0; r < rotations; r++) {
        if ((p === 0 && r === 0) || !this.smaller(s, best, this.perms[p], this.invs[p], r, length)) continue;
        this.map(s, spare, this.perms[p], this.invs[p], r, length);
        const was = best;
        best = spare;
        spare = was === s ? this.image : was;
      }
    }
    this.hash(best, length);
    this.last = best;
  }

  /** The canonical encoding of `s` (its least image), for tests and tools. */
  encoding(s: Int32Array): number[] {
    this.fingerprint(s);
    return Array.from(this.last.subarray(0, this.layout.used(s)));
  }

  /** Whether the image of `s` under (perm, rot) is lexicographically less than `best`. */
  private smaller(s: Int32Array, best: Int32Array, perm: Int32Array, inv: Int32Array, rot: number, length: number): boolean {
    const L = this.layout;
    const n = s[NODES];
    let d: number;
    if (rot !== 0) {
      d = ((s[POINTER] - rot + n) % n) - best[POINTER];
      if (d !== 0) return d < 0;
      for (let j = 0; j < n; j++) {
        d = s[L.nodeBase + ((j + rot) % n)] - best[L.nodeBase + j];
        if (d !== 0) return d < 0;
      }
    } else if (best !== s) {
      // A rotated image became the best: compare this one from the pointer on.
      d = s[POINTER] - best[POINTER];
      if (d !== 0) return d < 0;
      for (let j = 0; j < n; j++) {
        d = s[L.nodeBase + j] - best[L.nodeBase + j];
        if (d !== 0) return d < 0;
      }
    }
    const clientWords = L.clientWords;
    for (let j = 0; j < L.users; j++) {
      const from = L.clientBase + clientWords * inv[j];
      const to = L.clientBase + clientWords * j;
      for (let k = 0; k < clientWords; k++) {
        let v = s[from + k];
        if (k === AFFINITY && v >= 0) v = (v - rot + n) % n;
        d = v - best[to + k];
        if (d !== 0) return d < 0;
      }
    }
    // The owner sits in the first word of each entry. The other words name no user and no node,
    // so every image of `s` (and `best` is one) has them as `s` has: only the first words differ.
    const entryWords = L.entryWords;
    for (let e = L.ledgerBase; e < length; e += entryWords) {
      const flags = s[e];
      d = ((flags & ~OWNER_MASK) | perm[flags & OWNER_MASK]) - best[e];
      if (d !== 0) return d < 0;
    }
    return false;
  }

  /** The image of `s` under a renaming of users and a rotation of nodes, into `out`. */
  private map(s: Int32Array, out: Int32Array, perm: Int32Array, inv: Int32Array, rot: number, length: number): void {
    const L = this.layout;
    const n = s[NODES];
    for (let i = 0; i < HEADER; i++) out[i] = s[i];
    out[POINTER] = (s[POINTER] - rot + n) % n;
    for (let j = 0; j < n; j++) out[L.nodeBase + j] = s[L.nodeBase + ((j + rot) % n)];
    for (let j = n; j < L.maxNodes; j++) out[L.nodeBase + j] = 0;
    const clientWords = L.clientWords;
    for (let j = 0; j < L.users; j++) {
      const from = L.clientBase + clientWords * inv[j];
      const to = L.clientBase + clientWords * j;
      for (let k = 0; k < clientWords; k++) out[to + k] = s[from + k];
      const affinity = s[from + AFFINITY];
      out[to + AFFINITY] = affinity < 0 ? -1 : (affinity - rot + n) % n;
    }
    const entryWords = L.entryWords;
    for (let e = L.ledgerBase; e < length; e += entryWords) {
      const flags = s[e];
      out[e] = (flags & ~OWNER_MASK) | perm[flags & OWNER_MASK];
      for (let k = 1; k < entryWords; k++) out[e + k] = s[e + k];
    }
  }

  private hash(b: Int32Array, length: number): void {
    hashWords(b, length, this);
  }
}
