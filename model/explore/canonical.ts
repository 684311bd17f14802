/**
 * Canonical fingerprints of states: two states get the same fingerprint when they differ only by
 * the names of credential, family and epoch IDs, or (with symmetry) by a renaming of users or a
 * rotation of nodes.
 *
 * IDs. `state.nextId` is a counter, so the same situation reached by two paths carries different
 * numbers. The encoding renumbers them: ledger IDs by ledger position (the ledger is sorted by
 * ID, so their order, which properties read, is kept); families and revocation epochs in their
 * own name spaces by first appearance. Epoch 0 means "none stored" and keeps its value.
 *
 * Store entries. Each kind is keyed uniquely (a session or jti by credential, a family by its
 * ID, an epoch by user) and `storeFind` finds at most one, so their order carries nothing: they
 * are encoded sorted by (kind, key).
 *
 * Symmetry (what is reduced, and why only that):
 * - Users are fully symmetric: no strategy, action guard or property singles one out. Every
 *   permutation of users is applied.
 * - Nodes are NOT fully symmetric. The round-robin pointer visits nodes in index order, and
 *   `addNode()` appends the new node at the end of that cycle, so swapping two nodes changes
 *   where later requests go. A rotation of node indices (with the pointer and affinity cookies
 *   rotated alike) keeps the cycle, and is exact once no node can be added
 *   (`nodes.length === scope.maxNodes`). Only then are rotations applied.
 * The fingerprint of a state is the hash of the least of its images (word by word) under the
 * group, which is invariant under the group; only that image is hashed (until round 4 it was the
 * least hash over all images: the same classes, one hash per image).
 *
 * Fingerprints are 64-bit hashes (two 32-bit lanes), so, as in TLC, two different states collide
 * with probability about n²/2⁶⁵ (≈ 3·10⁻⁶ for 10 million states).
 */
import type { CredentialKind, Scope, State } from '../types.ts';
import { hashWords } from './hash.ts';

const KIND: Record<CredentialKind, number> = { session: 0, jwt: 1, access: 2, refresh: 3 };
const STORE_RECORD = 5;

/** All permutations of `0..n-1` (Heap's algorithm), identity first. */
function permutations(n: number): Int32Array[] {
  const out: Int32Array[] = [];
  const a = Int32Array.from({ length: n }, (_, i) => i);
  const c = new Int32Array(n);
  out.push(a.slice());
  let i = 0;
  while (i < n) {
    if (c[i] < i) {
      const j = i % 2 === 0 ? 0 : c[i];
      const t = a[j]; a[j] = a[i]; a[i] = t;
      out.push(a.slice());
      c[i]++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
  return out;
}

function inverse(p: Int32Array): Int32Array {
  const inv = new Int32Array(p.length);
  for (let i = 0; i < p.length; i++) inv[p[i]] = i;
  return inv;
}

/** Whether `a` is lexicographically less than `b` over their first `length` words (images of one state have one length). */
function less(a: Int32Array, b: Int32Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** Computes canonical fingerprints; holds reusable scratch buffers, so one per search. */
export class Canonicaliser {
  /** Fingerprint of the last call: `hi`, `lo`. */
  hi = 0;
  lo = 0;
  private buf = new Int32Array(256);
  /** The least image so far (`fingerprint` swaps it with `buf`). */
  private best = new Int32Array(256);
  private records = new Int32Array(64);
  /** Old ID -> new ID, valid where `stamp[id] === generation` (no clearing between calls). */
  private idMap = new Int32Array(64);
  private famMap = new Int32Array(64);
  private epochMap = new Int32Array(64);
  private idStamp = new Uint32Array(64);
  private famStamp = new Uint32Array(64);
  private epochStamp = new Uint32Array(64);
  private generation = 0;
  private readonly perms: Int32Array[];
  private readonly invs: Int32Array[];

  /** `symmetry`: users and node rotations (`true`), users only (`'users'`), or none (`false`). */
  constructor(private readonly scope: Scope, readonly symmetry: boolean | 'users') {
    this.perms = symmetry ? permutations(scope.users) : [Int32Array.from({ length: scope.users }, (_, i) => i)];
    this.invs = this.perms.map(inverse);
  }

  /**
   * Sets `hi`/`lo` to the state's canonical fingerprint: the hash of its least image (word by
   * word) under the symmetry group. Images are compared as they come, and only the least one is
   * hashed. Two states get one fingerprint exactly when they have the same images (up to hash
   * collisions), as when the least hash over the images was the fingerprint.
   */
  fingerprint(state: State): void {
    const n = state.nodes.length;
    const rotations = this.symmetry === true && n === this.scope.maxNodes ? n : 1;
    let bestLength = -1;
    for (let p = 0; p < this.perms.length; p++) {
      for (let r = 0; r < rotations; r++) {
        const length = this.encode(state, this.perms[p], this.invs[p], r);
        if (bestLength < 0 || less(this.buf, this.best, length)) {
          // Swap: the next image is written over the old best (`encode` grows `buf` if it must).
          const was = this.best;
          this.best = this.buf;
          this.buf = was;
          bestLength = length;
        }
      }
    }
    hashWords(this.best, bestLength, this);
  }

  /** The encoding of the state under a user permutation and a node rotation (for tests and tools). */
  encoding(state: State, perm?: readonly number[], rotation = 0): number[] {
    const p = perm ? Int32Array.from(perm) : this.perms[0];
    // `encode` may grow the buffer: read it after the call.
    const length = this.encode(state, p, inverse(p), rotation);
    return Array.from(this.buf.subarray(0, length));
  }

  private ensureIds(size: number): void {
    if (this.idMap.length >= size) return;
    const grow = Math.max(size, this.idMap.length * 2);
    this.idMap = new Int32Array(grow);
    this.famMap = new Int32Array(grow);
    this.epochMap = new Int32Array(grow);
    this.idStamp = new Uint32Array(grow);
    this.famStamp = new Uint32Array(grow);
    this.epochStamp = new Uint32Array(grow);
  }

  private id(old: number): number {
    if (this.idStamp[old] !== this.generation) throw new Error(`credential #${old} is not in the ledger`);
    return this.idMap[old];
  }

  private encode(s: State, perm: Int32Array, inv: Int32Array, rot: number): number {
    this.ensureIds(s.nextId + 1);
    const gen = ++this.generation;
    const ledger = s.ledger;
    const nodes = s.nodes;
    const n = nodes.length;
    let entries = 0;
    for (const node of nodes) entries += node.sessions.length;
    const need = 8 + ledger.length * 10 + n * 2 + entries * 4 + s.clients.length * 7 + s.store.entries.length * STORE_RECORD;
    if (this.buf.length < need) this.buf = new Int32Array(need * 2);
    const b = this.buf;
    let w = 0;
    b[w++] = s.clock;
    b[w++] = (s.lbPointer - rot + n) % n;
    b[w++] = s.store.up ? 1 : 0;
    b[w++] = n;
    b[w++] = ledger.length;
    b[w++] = s.store.entries.length;

    const idMap = this.idMap;
    const idStamp = this.idStamp;
    const famMap = this.famMap;
    const famStamp = this.famStamp;
    const epochMap = this.epochMap;
    const epochStamp = this.epochStamp;
    let families = 0;
    let epochs = 1;
    for (let i = 0; i < ledger.length; i++) {
      const e = ledger[i];
      idMap[e.id] = i;
      idStamp[e.id] = gen;
      let family = -1;
      if (e.family !== null) {
        if (famStamp[e.family] !== gen) {
          famStamp[e.family] = gen;
          famMap[e.family] = families++;
        }
        family = famMap[e.family];
      }
      let epoch = 0;
      if (e.epoch !== 0) {
        if (epochStamp[e.epoch] !== gen) {
          epochStamp[e.epoch] = gen;
          epochMap[e.epoch] = epochs++;
        }
        epoch = epochMap[e.epoch];
      }
      b[w++] = perm[e.owner] | (KIND[e.kind] << 8) | (e.items << 12) | (e.faults << 24) | ((e.wipedSinceRevoked ? 1 : 0) << 28) | ((e.wipedSinceLoggedOut ? 1 : 0) << 29) | ((e.refusedBeforeWipe ? 1 : 0) << 30);
      b[w++] = e.issuedAt;
      b[w++] = e.expiresAt;
      b[w++] = family;
      b[w++] = epoch;
      b[w++] = e.revokedAt ?? -1;
      b[w++] = e.loggedOutAt ?? -1;
    }

    for (let j = 0; j < n; j++) {
      const node = nodes[(j + rot) % n];
      b[w++] = (node.up ? 1 : 0) | (node.sessions.length << 1);
      for (const r of node.sessions) {
        b[w++] = this.id(r.id);
        b[w++] = perm[r.user] | (r.items << 8);
        b[w++] = r.expiresAt;
      }
    }

    for (let j = 0; j < inv.length; j++) {
      const c = s.clients[inv[j]];
      const cred = c.credential;
      const stolen = c.stolen;
      b[w++] = cred ? this.id(cred.main) : -1;
      b[w++] = cred && cred.refresh !== null ? this.id(cred.refresh) : -1;
      b[w++] = c.affinity === null ? -1 : (c.affinity - rot + n) % n;
      b[w++] = stolen ? this.id(stolen.main) : -1;
      b[w++] = stolen && stolen.refresh !== null ? this.id(stolen.refresh) : -1;
      const older = c.older;
      b[w++] = older ? this.id(older.main) : -1;
      b[w++] = older && older.refresh !== null ? this.id(older.refresh) : -1;
    }

    w = this.encodeStore(s, perm, w, gen, epochs);
    return w;
  }

  /** Store entries as fixed records sorted by (kind, key); epochs first seen here are named in that order. */
  private encodeStore(s: State, perm: Int32Array, w: number, gen: number, epochs: number): number {
    const entries = s.store.entries;
    const count = entries.length;
    if (count === 0) return w;
    if (this.records.length < count * STORE_RECORD) this.records = new Int32Array(count * STORE_RECORD * 2);
    const rec = this.records;
    for (let i = 0; i < count; i++) {
      const e = entries[i];
      const o = i * STORE_RECORD;
      switch (e.kind) {
        case 'session':
          rec[o] = 0; rec[o + 1] = this.id(e.id); rec[o + 2] = perm[e.user] | (e.items << 8); rec[o + 3] = e.expiresAt; rec[o + 4] = 0;
          break;
        case 'family': {
          if (this.famStamp[e.id] !== gen) throw new Error(`family #${e.id} is not in the ledger`);
          rec[o] = 1; rec[o + 1] = this.famMap[e.id]; rec[o + 2] = perm[e.user] | ((e.revoked ? 1 : 0) << 8); rec[o + 3] = e.expiresAt; rec[o + 4] = this.id(e.current);
          break;
        }
        case 'deny': {
          // A denied session is a family: its tokens in the ledger carry it, so it is named there.
          if (this.famStamp[e.session] !== gen) throw new Error(`session #${e.session} is not in the ledger`);
          rec[o] = 2; rec[o + 1] = this.famMap[e.session]; rec[o + 2] = 0; rec[o + 3] = e.expiresAt; rec[o + 4] = 0;
          break;
        }
        case 'epoch':
          // The epoch's new name is given after sorting (it may be first seen here).
          rec[o] = 3; rec[o + 1] = perm[e.user]; rec[o + 2] = 0; rec[o + 3] = 0; rec[o + 4] = e.epoch;
          break;
      }
    }
    // Insertion sort of a handful of records by (kind, key): keys are unique within a kind.
    for (let i = 1; i < count; i++) {
      for (let j = i; j > 0; j--) {
        const a = (j - 1) * STORE_RECORD;
        const c = j * STORE_RECORD;
        if (rec[a] < rec[c] || (rec[a] === rec[c] && rec[a + 1] <= rec[c + 1])) break;
        for (let k = 0; k < STORE_RECORD; k++) {
          const t = rec[a + k]; rec[a + k] = rec[c + k]; rec[c + k] = t;
        }
      }
    }
    const b = this.buf;
    for (let i = 0; i < count * STORE_RECORD; i += STORE_RECORD) {
      if (rec[i] === 3 && rec[i + 4] !== 0) {
        const old = rec[i + 4];
        if (this.epochStamp[old] !== gen) {
          this.epochStamp[old] = gen;
          this.epochMap[old] = epochs++;
        }
        rec[i + 4] = this.epochMap[old];
      }
      b[w++] = rec[i]; b[w++] = rec[i + 1]; b[w++] = rec[i + 2]; b[w++] = rec[i + 3]; b[w++] = rec[i + 4];
    }
    return w;
  }

}
