/**
 * `actions` and `nextState` of model/nextState.ts and model/actions.ts on the flat state, for the
 * strategies whose sessions live in node memory (in-memory, sticky) or in the store
 * (central-store, central-store-naive). The readable model stays the specification: this file is
 * a performance representation of it, held to it edge by edge by test/explore/flat.test.ts
 * (states, observations and every predicate's verdict). Successors are made by copy-and-edit
 * into a caller's buffer; nothing is allocated per edge.
 */
import { credentialBytes } from '../../credentialSize.ts';
import type { ModelStrategy } from '../../strategy.ts';
import type { Action, Scope } from '../../types.ts';
import { Fault } from '../../types.ts';
import { FlatLayout, LedgerWord, W } from './layout.ts';

const { AFFINITY, CLOCK, CREDENTIAL, ENTRY_WORDS, FAULT_SHIFT, ITEMS_SHIFT, LEDGER, NODES, OLDER, OWNER_MASK, POINTER, REFUSED_BEFORE_WIPE, STOLEN, STORE, STORE_UP, WIPED_LOGGED_OUT, WIPED_REVOKED } = W;
const LW = LedgerWord;
/** The bit of credential `id` in a session mask. */
const bit = (id: number) => 1 << (id - 1);

/** Action kinds of an action code (`kind | argument << 4`), in `actions()` order within a user or node. */
export const Op = {
  login: 0, whoami: 1, addItem: 2, logout: 3, replayStolen: 4, replayOlder: 5, revoke: 6,
  crash: 7, restart: 8, drain: 9, addNode: 10, storeDown: 11, storeUp: 12, storeWipe: 13, tick: 14,
} as const;
const OP_BITS = 4;
const OP_MASK = (1 << OP_BITS) - 1;

/** How a node serves requests: from its own memory or from the store. */
type ServerKind = 'node-memory' | 'central-store';

/** Strategies the flat machine represents, and how. */
const SERVERS: Readonly<Partial<Record<ModelStrategy['id'], { readonly server: ServerKind; readonly addItemTrips: number }>>> = {
  'in-memory': { server: 'node-memory', addItemTrips: 0 },
  sticky: { server: 'node-memory', addItemTrips: 0 },
  'central-store': { server: 'central-store', addItemTrips: 1 },
  'central-store-naive': { server: 'central-store', addItemTrips: 2 },
};

/** Whether the flat machine represents the strategy (otherwise the readable engine runs it). */
export function flatSupports(strategy: ModelStrategy): boolean {
  return SERVERS[strategy.id] !== undefined && !strategy.refreshTokens;
}

/** An observation in numbers: −1 for an absent field. */
export class Obs {
  status = 200;
  user = -1;
  node = -1;
  storeTrips = 0;
  credentialBytes = -1;

  quiet(): void {
    this.status = 200; this.user = -1; this.node = -1; this.storeTrips = 0; this.credentialBytes = -1;
  }
}

const REQ_LOGIN = 0;
const REQ_WHOAMI = 1;
const REQ_ADD_ITEM = 2;
const REQ_LOGOUT = 3;
const REQ_REVOKE = 4;

export class FlatMachine {
  readonly layout: FlatLayout;
  private readonly sticky: boolean;
  /** Where sessions live: in each node's memory, or in the store every node reads. */
  readonly server: ServerKind;
  private readonly addItemTrips: number;
  private readonly sessionTtl: number;
  private readonly maxItems: number;
  private readonly maxClock: number;
  private readonly ticks: readonly number[];
  private readonly sessionBytes: number;
  /** Action objects by code, built once (the predicates read `Action`s). */
  private readonly actionObjects: Action[] = [];

  constructor(readonly strategy: ModelStrategy, readonly scope: Scope, capacity: number) {
    const spec = SERVERS[strategy.id];
    if (!spec || strategy.refreshTokens) throw new RangeError(`the flat engine does not represent strategy "${strategy.id}"`);
    this.layout = new FlatLayout(scope, capacity);
    this.sticky = strategy.lbPolicy === 'sticky';
    this.server = spec.server;
    this.addItemTrips = spec.addItemTrips;
    this.sessionTtl = scope.ttl.session;
    this.maxItems = scope.maxItems;
    this.maxClock = scope.maxClock;
    this.ticks = scope.ticks;
    this.sessionBytes = credentialBytes({ kind: 'session', items: 0 }, strategy.id);
    const byUser = ['login', 'whoami', 'addItem', 'logout', 'replayStolen', 'replayOlder', 'revoke'] as const;
    for (let u = 0; u < scope.users; u++) byUser.forEach((type, op) => { this.actionObjects[op | (u << OP_BITS)] = { type, user: u }; });
    for (let n = 0; n < scope.maxNodes; n++) {
      this.actionObjects[Op.crash | (n << OP_BITS)] = { type: 'crash', node: n };
      this.actionObjects[Op.restart | (n << OP_BITS)] = { type: 'restart', node: n };
      this.actionObjects[Op.drain | (n << OP_BITS)] = { type: 'drain', node: n };
    }
    this.actionObjects[Op.addNode] = { type: 'addNode' };
    this.actionObjects[Op.storeDown] = { type: 'storeDown' };
    this.actionObjects[Op.storeUp] = { type: 'storeUp' };
    this.actionObjects[Op.storeWipe] = { type: 'storeWipe' };
    scope.ticks.forEach((seconds, i) => { this.actionObjects[Op.tick | (i << OP_BITS)] = { type: 'tick', seconds }; });
  }

  /** The readable action of a code (one shared object per code). */
  action(code: number): Action {
    return this.actionObjects[code];
  }

  /** The initial state (model/nextState.ts `initState`). */
  init(): Int32Array {
    const s = new Int32Array(this.layout.size);
    s[STORE_UP] = 1;
    s[NODES] = this.scope.nodes;
    for (let n = 0; n < this.scope.nodes; n++) s[this.layout.nodeBase + n] = 1;
    for (let u = 0; u < this.scope.users; u++) s[this.layout.client(u) + AFFINITY] = -1;
    return s;
  }

  /**
   * The enabled actions' codes, in the order of model/actions.ts `actions()` (paths are action
   * indices, replayed by the readable model). Returns how many were written to `out`.
   */
  actions(s: Int32Array, out: Uint16Array): number {
    const L = this.layout;
    let k = 0;
    for (let u = 0; u < L.users; u++) {
      const c = L.client(u);
      const arg = u << OP_BITS;
      out[k++] = Op.login | arg;
      if (s[c + CREDENTIAL] !== 0) {
        out[k++] = Op.whoami | arg;
        out[k++] = Op.addItem | arg;
        out[k++] = Op.logout | arg;
      }
      if (s[c + STOLEN] !== 0) out[k++] = Op.replayStolen | arg;
      if (s[c + OLDER] !== 0) out[k++] = Op.replayOlder | arg;
      out[k++] = Op.revoke | arg;
    }
    const n = s[NODES];
    let live = 0;
    for (let i = 0; i < n; i++) live += s[L.nodeBase + i] & 1;
    for (let i = 0; i < n; i++) {
      const arg = i << OP_BITS;
      if ((s[L.nodeBase + i] & 1) !== 0) {
        if (live >= 2) {
          out[k++] = Op.crash | arg;
          out[k++] = Op.drain | arg;
        }
      } else {
        out[k++] = Op.restart | arg;
      }
    }
    if (n < this.scope.maxNodes) out[k++] = Op.addNode;
    out[k++] = s[STORE_UP] !== 0 ? Op.storeDown : Op.storeUp;
    out[k++] = Op.storeWipe;
    const clock = s[CLOCK];
    for (let i = 0; i < this.ticks.length; i++) if (clock + this.ticks[i] <= this.maxClock) out[k++] = Op.tick | (i << OP_BITS);
    return k;
  }

  /** Applies the action `code` to `s` in place (a copy of the state before), writing the observation. */
  apply(s: Int32Array, code: number, obs: Obs): void {
    const L = this.layout;
    const arg = code >> OP_BITS;
    switch (code & OP_MASK) {
      case Op.login: {
        const c = L.client(arg);
        const affinity = s[c + AFFINITY];
        const issued = this.send(s, REQ_LOGIN, 0, arg, affinity, obs);
        this.afterResponse(s, c, affinity, issued, obs);
        return;
      }
      case Op.whoami:
      case Op.addItem: {
        const c = L.client(arg);
        const affinity = s[c + AFFINITY];
        this.send(s, (code & OP_MASK) === Op.whoami ? REQ_WHOAMI : REQ_ADD_ITEM, s[c + CREDENTIAL], arg, affinity, obs);
        this.afterResponse(s, c, affinity, 0, obs);
        return;
      }
      case Op.logout: {
        const c = L.client(arg);
        const credential = s[c + CREDENTIAL];
        const affinity = s[c + AFFINITY];
        this.send(s, REQ_LOGOUT, credential, arg, affinity, obs);
        // Only an acknowledged logout promises anything (sessions have no lineage beyond themselves).
        if (obs.status === 200) {
          const e = L.entry(credential);
          if (s[e + LW.LOGGED_OUT] === -1) {
            s[e + LW.LOGGED_OUT] = s[CLOCK];
            s[e + LW.FLAGS] &= ~WIPED_LOGGED_OUT;
          }
        }
        if (this.sticky && obs.node >= 0) s[c + AFFINITY] = obs.node;
        s[c + CREDENTIAL] = 0;
        this.attackerKeeps(s, c, credential);
        return;
      }
      case Op.replayStolen:
        this.send(s, REQ_WHOAMI, s[L.client(arg) + STOLEN], arg, -1, obs);
        return;
      case Op.replayOlder:
        this.send(s, REQ_WHOAMI, s[L.client(arg) + OLDER], arg, -1, obs);
        return;
      case Op.revoke: {
        this.send(s, REQ_REVOKE, 0, arg, -1, obs);
        if (obs.status === 200) {
          const clock = s[CLOCK];
          for (let e = L.ledgerBase, end = L.used(s); e < end; e += ENTRY_WORDS) {
            const flags = s[e + LW.FLAGS];
            if ((flags & OWNER_MASK) === arg && (s[e + LW.REVOKED] === -1 || (flags & WIPED_REVOKED) !== 0)) {
              s[e + LW.REVOKED] = clock;
              s[e + LW.FLAGS] = flags & ~WIPED_REVOKED;
            }
          }
        }
        const c = L.client(arg);
        this.attackerKeeps(s, c, s[c + CREDENTIAL]);
        return;
      }
      case Op.crash:
        this.clearNode(s, arg, 0);
        this.markFault(s, Fault.crash);
        obs.quiet();
        return;
      case Op.restart:
        this.clearNode(s, arg, 1);
        obs.quiet();
        return;
      case Op.drain:
        this.clearNode(s, arg, 1);
        this.markFault(s, Fault.drain);
        obs.quiet();
        return;
      case Op.addNode:
        s[L.nodeBase + s[NODES]] = 1;
        s[NODES]++;
        obs.quiet();
        return;
      case Op.storeDown:
        s[STORE_UP] = 0;
        this.markFault(s, Fault.storeOutage);
        obs.quiet();
        return;
      case Op.storeUp:
        s[STORE_UP] = 1;
        obs.quiet();
        return;
      case Op.storeWipe:
        this.storeWipe(s);
        obs.quiet();
        return;
      case Op.tick:
        s[CLOCK] += this.ticks[arg];
        this.purgeExpired(s);
        obs.quiet();
        return;
      default:
        throw new RangeError(`unknown flat action code ${code}`);
    }
  }

  /** model/nextState.ts `afterResponse`: the jar takes what was issued, sticky re-pins. */
  private afterResponse(s: Int32Array, c: number, affinity: number, issued: number, obs: Obs): void {
    if (this.sticky && obs.node >= 0) s[c + AFFINITY] = obs.node;
    else s[c + AFFINITY] = affinity;
    if (issued === 0) return;
    const given = s[c + CREDENTIAL];
    s[c + CREDENTIAL] = issued;
    this.attackerKeeps(s, c, given);
  }

  /** model/nextState.ts `attackerKeeps` (credential IDs are unique, so equal IDs are the same credential). */
  private attackerKeeps(s: Int32Array, c: number, given: number): void {
    const stolen = s[c + STOLEN];
    if (given === 0 || given === stolen) return;
    if (stolen !== 0) s[c + OLDER] = stolen;
    s[c + STOLEN] = given;
  }

  /** model/lb.ts `route`: the node, or −1 when none is live; moves the pointer in `s`. */
  private route(s: Int32Array, affinity: number): number {
    const base = this.layout.nodeBase;
    if (this.sticky && affinity >= 0 && (s[base + affinity] & 1) !== 0) return affinity;
    const n = s[NODES];
    const pointer = s[POINTER];
    for (let k = 0; k < n; k++) {
      const node = (pointer + k) % n;
      if ((s[base + node] & 1) !== 0) {
        s[POINTER] = (node + 1) % n;
        return node;
      }
    }
    return -1;
  }

  /** model/nextState.ts `send`: route, then let the node serve. Returns the issued credential (0: none). */
  private send(s: Int32Array, request: number, credential: number, user: number, affinity: number, obs: Obs): number {
    const node = this.route(s, affinity);
    if (node < 0) {
      obs.status = 503; obs.user = -1; obs.node = -1; obs.storeTrips = 0; obs.credentialBytes = -1;
      return 0;
    }
    obs.node = node;
    obs.user = -1;
    obs.credentialBytes = request === REQ_LOGIN || request === REQ_REVOKE ? -1 : this.sessionBytes;
    return this.server === 'node-memory' ? this.serveFromMemory(s, node, request, credential, user, obs) : this.serveFromStore(s, request, credential, user, obs);
  }

  /** model/strategies/node-memory.ts. */
  private serveFromMemory(s: Int32Array, node: number, request: number, id: number, user: number, obs: Obs): number {
    const L = this.layout;
    const w = L.nodeBase + node;
    obs.storeTrips = 0;
    obs.status = 200;
    switch (request) {
      case REQ_LOGIN: {
        const issued = this.issue(s, user);
        s[w] |= bit(issued) << 1;
        obs.user = user;
        return issued;
      }
      case REQ_WHOAMI:
      case REQ_ADD_ITEM:
        if (!this.live(s, (s[w] >> 1) & bit(id), id)) {
          obs.status = 401;
          return 0;
        }
        if (request === REQ_ADD_ITEM) this.addItem(s, id);
        obs.user = s[L.entry(id) + LW.FLAGS] & OWNER_MASK;
        return 0;
      case REQ_LOGOUT:
        // Destroying a session this node does not hold is a successful no-op.
        if (((s[w] >> 1) & bit(id)) !== 0) this.dropFromNode(s, node, bit(id));
        return 0;
      case REQ_REVOKE: {
        const owned = this.ownedBy(s, user);
        for (let n = 0; n < s[NODES]; n++) if (((s[L.nodeBase + n] >> 1) & owned) !== 0) this.dropFromNode(s, n, owned);
        return 0;
      }
      default:
        throw new RangeError(`unknown request ${request}`);
    }
  }

  /** model/strategies/central-store.ts (and -naive: two round trips per addItem). */
  private serveFromStore(s: Int32Array, request: number, id: number, user: number, obs: Obs): number {
    obs.storeTrips = 1;
    if (s[STORE_UP] === 0) {
      obs.status = 503;
      return 0;
    }
    obs.status = 200;
    switch (request) {
      case REQ_LOGIN: {
        const issued = this.issue(s, user);
        s[STORE] |= bit(issued);
        obs.user = user;
        return issued;
      }
      case REQ_WHOAMI:
      case REQ_ADD_ITEM:
        if (!this.live(s, s[STORE] & bit(id), id)) {
          obs.status = 401;
          return 0;
        }
        if (request === REQ_ADD_ITEM) {
          this.addItem(s, id);
          obs.storeTrips = this.addItemTrips;
        }
        obs.user = s[this.layout.entry(id) + LW.FLAGS] & OWNER_MASK;
        return 0;
      case REQ_LOGOUT:
        this.dropFromStore(s, bit(id));
        return 0;
      case REQ_REVOKE:
        this.dropFromStore(s, this.ownedBy(s, user));
        return 0;
      default:
        throw new RangeError(`unknown request ${request}`);
    }
  }

  /**
   * model/nextState.ts `probe`: what node `node` would answer a `GET /me` presenting credential
   * `id`, without changing anything: its status; `user` set on `obs` for a 200.
   */
  probe(s: Int32Array, node: number, id: number, obs: Obs): number {
    obs.user = -1;
    if ((s[this.layout.nodeBase + node] & 1) === 0) return (obs.status = 503);
    let held: number;
    if (this.server === 'node-memory') held = (s[this.layout.nodeBase + node] >> 1) & bit(id);
    else if (s[STORE_UP] === 0) return (obs.status = 503);
    else held = s[STORE] & bit(id);
    if (!this.live(s, held, id)) return (obs.status = 401);
    obs.user = s[this.layout.entry(id) + LW.FLAGS] & OWNER_MASK;
    return (obs.status = 200);
  }

  /** A held session that has not expired (model/world.ts `nodeSession`, `storeFind`). */
  private live(s: Int32Array, held: number, id: number): boolean {
    return held !== 0 && s[CLOCK] < s[this.layout.entry(id) + LW.ISSUED] + this.sessionTtl;
  }

  /** model/world.ts `issue`: a fresh session for `user`; its ID is the next ledger slot. */
  private issue(s: Int32Array, user: number): number {
    const id = s[LEDGER] + 1;
    if (id > this.layout.capacity) throw new RangeError(`the flat state holds ${this.layout.capacity} credentials; a search needs a larger capacity`);
    const e = this.layout.entry(id);
    s[e + LW.FLAGS] = user;
    s[e + LW.ISSUED] = s[CLOCK];
    s[e + LW.REVOKED] = -1;
    s[e + LW.LOGGED_OUT] = -1;
    s[LEDGER] = id;
    return id;
  }

  private addItem(s: Int32Array, id: number): void {
    const e = this.layout.entry(id) + LW.FLAGS;
    const items = s[e] >>> ITEMS_SHIFT;
    if (items < this.maxItems) s[e] += 1 << ITEMS_SHIFT;
  }

  /** The mask of every credential `user` owns. */
  private ownedBy(s: Int32Array, user: number): number {
    let mask = 0;
    for (let id = 1; id <= s[LEDGER]; id++) if ((s[this.layout.entry(id) + LW.FLAGS] & OWNER_MASK) === user) mask |= bit(id);
    return mask;
  }

  /** Sessions leaving their only place lose their cart (the readable ledger keeps 0 for sessions). */
  private forgetItems(s: Int32Array, mask: number): void {
    for (let m = mask; m !== 0; m &= m - 1) {
      const id = 32 - Math.clz32(m & -m);
      s[this.layout.entry(id) + LW.FLAGS] &= (1 << ITEMS_SHIFT) - 1;
    }
  }

  private dropFromNode(s: Int32Array, node: number, mask: number): void {
    const w = this.layout.nodeBase + node;
    const dropped = (s[w] >> 1) & mask;
    s[w] &= ~(dropped << 1);
    this.forgetItems(s, dropped);
  }

  private dropFromStore(s: Int32Array, mask: number): void {
    const dropped = s[STORE] & mask;
    s[STORE] &= ~dropped;
    this.forgetItems(s, dropped);
  }

  /** model/nextState.ts `setNode`: up or down, and empty. */
  private clearNode(s: Int32Array, node: number, up: number): void {
    const w = this.layout.nodeBase + node;
    this.forgetItems(s, s[w] >> 1);
    s[w] = up;
  }

  private markFault(s: Int32Array, fault: number): void {
    const L = this.layout;
    const flag = fault << FAULT_SHIFT;
    for (let e = L.ledgerBase, end = L.used(s); e < end; e += ENTRY_WORDS) s[e + LW.FLAGS] |= flag;
  }

  /** model/nextState.ts `storeWipe`: the credentials refused by every live node just before it are marked. */
  private storeWipe(s: Int32Array): void {
    const L = this.layout;
    const clock = s[CLOCK];
    const n = s[NODES];
    let refused = 0;
    for (let id = 1; id <= s[LEDGER]; id++) {
      if (clock >= s[L.entry(id) + LW.ISSUED] + this.sessionTtl) continue;
      let everywhere = true;
      for (let node = 0; node < n && everywhere; node++) {
        if ((s[L.nodeBase + node] & 1) === 0) continue;
        everywhere = this.refuses(s, node, id);
      }
      if (everywhere) refused |= bit(id);
    }
    this.dropFromStore(s, s[STORE]);
    s[STORE_UP] = 1;
    const wipe = Fault.storeWipe << FAULT_SHIFT;
    for (let id = 1; id <= s[LEDGER]; id++) {
      const e = L.entry(id);
      let flags = s[e + LW.FLAGS] | wipe;
      if (s[e + LW.REVOKED] !== -1) flags |= WIPED_REVOKED;
      if (s[e + LW.LOGGED_OUT] !== -1) flags |= WIPED_LOGGED_OUT;
      if ((refused & bit(id)) !== 0) flags |= REFUSED_BEFORE_WIPE;
      s[e + LW.FLAGS] = flags;
    }
  }

  /** A live node's probe of `id` answers 401 (model/nextState.ts `refusedEverywhere`, one node). */
  private refuses(s: Int32Array, node: number, id: number): boolean {
    if (this.server === 'node-memory') return !this.live(s, (s[this.layout.nodeBase + node] >> 1) & bit(id), id);
    return s[STORE_UP] !== 0 && !this.live(s, s[STORE] & bit(id), id);
  }

  /** model/nextState.ts `purgeExpired`: expired sessions vanish from nodes and store. */
  private purgeExpired(s: Int32Array): void {
    const L = this.layout;
    const clock = s[CLOCK];
    let expired = 0;
    for (let id = 1; id <= s[LEDGER]; id++) if (s[L.entry(id) + LW.ISSUED] + this.sessionTtl <= clock) expired |= bit(id);
    if (expired === 0) return;
    for (let n = 0; n < s[NODES]; n++) this.dropFromNode(s, n, expired);
    this.dropFromStore(s, expired);
  }
}
