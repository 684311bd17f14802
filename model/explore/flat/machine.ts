/**
 * `actions` and `nextState` of model/nextState.ts and model/actions.ts on the flat state, for the
 * strategies whose sessions live in node memory (in-memory, sticky) or in the store
 * (central-store, central-store-naive), and for the token strategies (jwt, jwt-denylist,
 * jwt-refresh: model/strategies/). The readable model stays the specification: this file is
 * a performance representation of it, held to it edge by edge by test/explore/flat.test.ts
 * (states, observations and every predicate's verdict). Successors are made by copy-and-edit
 * into a caller's buffer; nothing is allocated per edge.
 */
import { credentialBytes } from '../../credentialSize.ts';
import type { ModelStrategy } from '../../strategy.ts';
import type { Action, Scope } from '../../types.ts';
import { Fault } from '../../types.ts';
import { FlatLayout, FRESH_EPOCH, LedgerWord, W } from './layout.ts';

const {
  AFFINITY, CLOCK, CREDENTIAL, CREDENTIAL_REFRESH, CURRENT_SHIFT, FAMILY_DENIED, FAMILY_PRESENT, FAMILY_REVOKED, FAULT_SHIFT, ITEMS_SHIFT, LEDGER, NODES, OLDER, OLDER_REFRESH, OWNER_MASK,
  POINTER, REFRESH_KIND, REFUSED_BEFORE_WIPE, STOLEN, STOLEN_REFRESH, STORE, STORE_EPOCH, STORE_UP, WIPED_LOGGED_OUT, WIPED_REVOKED,
} = W;
const LW = LedgerWord;
/** The bit of credential `id` in a session mask. */
const bit = (id: number) => 1 << (id - 1);

/** Action kinds of an action code (`kind | argument << OP_BITS`), in `actions()` order within a user or node. */
export const Op = {
  login: 0, whoami: 1, addItem: 2, logout: 3, replayStolen: 4, replayOlder: 5, revoke: 6,
  crash: 7, restart: 8, drain: 9, addNode: 10, storeDown: 11, storeUp: 12, storeWipe: 13, tick: 14,
  refresh: 15, replayRefresh: 16,
} as const;
/** An action code is `kind | argument << OP_BITS`. */
export const OP_BITS = 5;
export const OP_MASK = (1 << OP_BITS) - 1;

/** How a node serves requests: from its own memory, from the store, or from a token it verifies. */
type ServerKind = 'node-memory' | 'central-store' | 'token';

/** Strategies the flat machine represents, and how; `issued`: the most credentials one step issues. */
const SERVERS: Readonly<Partial<Record<ModelStrategy['id'], { readonly server: ServerKind; readonly addItemTrips: number; readonly issued: number }>>> = {
  'in-memory': { server: 'node-memory', addItemTrips: 0, issued: 1 },
  sticky: { server: 'node-memory', addItemTrips: 0, issued: 1 },
  'central-store': { server: 'central-store', addItemTrips: 1, issued: 1 },
  'central-store-naive': { server: 'central-store', addItemTrips: 2, issued: 1 },
  jwt: { server: 'token', addItemTrips: 0, issued: 1 },
  'jwt-denylist': { server: 'token', addItemTrips: 1, issued: 1 },
  // A login or a refresh issues a refresh token and an access token.
  'jwt-refresh': { server: 'token', addItemTrips: 0, issued: 2 },
};

/** Whether `id` names a credential of state `s` (IDs are ledger positions from 1; 0 and −1 stand for none). */
export const issued = (s: Int32Array, id: number): boolean => id >= 1 && id <= s[LEDGER];

/** Whether the flat machine represents the strategy (otherwise the readable engine runs it). */
export function flatSupports(strategy: ModelStrategy): boolean {
  return SERVERS[strategy.id] !== undefined;
}

/** The most credentials one step issues (a jwt-refresh login or refresh issues two). */
export function issuedPerStep(strategy: ModelStrategy): number {
  return SERVERS[strategy.id]?.issued ?? 1;
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
const REQ_REFRESH = 5;

export class FlatMachine {
  readonly layout: FlatLayout;
  private readonly sticky: boolean;
  /** Where sessions live: in each node's memory, or in the store every node reads; or no sessions, tokens. */
  readonly server: ServerKind;
  /** The token strategy, or null for the session strategies. */
  private readonly token: 'jwt' | 'jwt-denylist' | 'jwt-refresh' | null;
  private readonly addItemTrips: number;
  private readonly sessionTtl: number;
  private readonly maxItems: number;
  private readonly maxClock: number;
  private readonly ticks: readonly number[];
  private readonly sessionBytes: number;
  /** Token bytes: a JWT or access token without items, one more item, a refresh token. */
  private readonly tokenBytes: number;
  private readonly itemBytes: number;
  private readonly refreshBytes: number;
  /** The refresh token the last request issued with its access token (jwt-refresh), 0 for none. */
  private issuedRefresh = 0;
  /** An observation for probes made inside a step. */
  private readonly scratch = new Obs();
  /** Action objects by code, built once (the predicates read `Action`s). */
  private readonly actionObjects: Action[] = [];

  constructor(readonly strategy: ModelStrategy, readonly scope: Scope, capacity: number) {
    const spec = SERVERS[strategy.id];
    if (!spec) throw new RangeError(`the flat engine does not represent strategy "${strategy.id}"`);
    this.server = spec.server;
    this.token = spec.server === 'token' ? strategy.id as 'jwt' | 'jwt-denylist' | 'jwt-refresh' : null;
    this.layout = new FlatLayout(scope, capacity, this.token === null ? null : strategy.refreshTokens ? 'access' : 'jwt');
    this.sticky = strategy.lbPolicy === 'sticky';
    this.addItemTrips = spec.addItemTrips;
    this.sessionTtl = scope.ttl.session;
    this.maxItems = scope.maxItems;
    this.maxClock = scope.maxClock;
    this.ticks = scope.ticks;
    this.sessionBytes = credentialBytes({ kind: 'session', items: 0 }, strategy.id);
    this.tokenBytes = credentialBytes({ kind: 'jwt', items: 0 }, strategy.id);
    this.itemBytes = credentialBytes({ kind: 'jwt', items: 1 }, strategy.id) - this.tokenBytes;
    this.refreshBytes = credentialBytes({ kind: 'refresh', items: 0 }, strategy.id);
    const byUser = ['login', 'whoami', 'addItem', 'logout', 'replayStolen', 'replayOlder', 'revoke', 'refresh', 'replayRefresh'] as const;
    for (let u = 0; u < scope.users; u++) for (const type of byUser) this.actionObjects[Op[type] | (u << OP_BITS)] = { type, user: u };
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
        if (this.token === 'jwt-refresh' && s[c + CREDENTIAL_REFRESH] !== 0) out[k++] = Op.refresh | arg;
      }
      if (s[c + STOLEN] !== 0) {
        out[k++] = Op.replayStolen | arg;
        if (this.token === 'jwt-refresh' && s[c + STOLEN_REFRESH] !== 0) out[k++] = Op.replayRefresh | arg;
      }
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
        const issued = this.send(s, REQ_LOGIN, 0, 0, arg, affinity, obs);
        this.afterResponse(s, c, affinity, issued, obs);
        return;
      }
      case Op.whoami:
      case Op.addItem:
      case Op.refresh: {
        const c = L.client(arg);
        const affinity = s[c + AFFINITY];
        const op = code & OP_MASK;
        const issued = this.send(s, op === Op.whoami ? REQ_WHOAMI : op === Op.addItem ? REQ_ADD_ITEM : REQ_REFRESH, s[c + CREDENTIAL], this.refreshPart(s, c + CREDENTIAL), arg, affinity, obs);
        this.afterResponse(s, c, affinity, issued, obs);
        return;
      }
      case Op.logout: {
        const c = L.client(arg);
        const credential = s[c + CREDENTIAL];
        const refresh = this.refreshPart(s, c + CREDENTIAL);
        const affinity = s[c + AFFINITY];
        this.send(s, REQ_LOGOUT, credential, refresh, arg, affinity, obs);
        // Only an acknowledged logout promises anything: the credential and its lineage (tokens
        // of the same family or session) are logged out.
        if (obs.status === 200) {
          const lineage = this.token === null ? 0 : s[L.entry(credential) + LW.FAMILY];
          for (let id = 1; id <= s[LEDGER]; id++) {
            const e = L.entry(id);
            if (s[e + LW.LOGGED_OUT] !== -1) continue;
            if (id !== credential && id !== refresh && (lineage === 0 || s[e + LW.FAMILY] !== lineage)) continue;
            s[e + LW.LOGGED_OUT] = s[CLOCK];
            s[e + LW.FLAGS] &= ~WIPED_LOGGED_OUT;
          }
        }
        if (this.sticky && obs.node >= 0) s[c + AFFINITY] = obs.node;
        s[c + CREDENTIAL] = 0;
        if (this.token !== null) s[c + CREDENTIAL_REFRESH] = 0;
        this.attackerKeeps(s, c, credential, refresh);
        return;
      }
      case Op.replayStolen: {
        const c = L.client(arg);
        this.send(s, REQ_WHOAMI, s[c + STOLEN], this.refreshPart(s, c + STOLEN), arg, -1, obs);
        return;
      }
      case Op.replayOlder: {
        const c = L.client(arg);
        this.send(s, REQ_WHOAMI, s[c + OLDER], this.refreshPart(s, c + OLDER), arg, -1, obs);
        return;
      }
      case Op.replayRefresh: {
        // The attacker keeps whatever the server minted for it.
        const c = L.client(arg);
        const issued = this.send(s, REQ_REFRESH, s[c + STOLEN], s[c + STOLEN_REFRESH], arg, -1, obs);
        this.attackerKeeps(s, c, issued, this.issuedRefresh);
        return;
      }
      case Op.revoke: {
        this.send(s, REQ_REVOKE, 0, 0, arg, -1, obs);
        if (obs.status === 200) {
          const clock = s[CLOCK];
          for (let e = L.ledgerBase, end = L.used(s); e < end; e += L.entryWords) {
            const flags = s[e + LW.FLAGS];
            if ((flags & OWNER_MASK) === arg && (s[e + LW.REVOKED] === -1 || (flags & WIPED_REVOKED) !== 0)) {
              s[e + LW.REVOKED] = clock;
              s[e + LW.FLAGS] = flags & ~WIPED_REVOKED;
            }
          }
        }
        const c = L.client(arg);
        this.attackerKeeps(s, c, s[c + CREDENTIAL], this.refreshPart(s, c + CREDENTIAL));
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

  /** The refresh part of the credential at word `at` of a client block (CREDENTIAL, STOLEN or OLDER); 0 for none. */
  private refreshPart(s: Int32Array, at: number): number {
    return this.token === null ? 0 : s[at + (CREDENTIAL_REFRESH - CREDENTIAL)];
  }

  /** model/nextState.ts `afterResponse`: the jar takes what was issued, sticky re-pins. */
  private afterResponse(s: Int32Array, c: number, affinity: number, issued: number, obs: Obs): void {
    if (this.sticky && obs.node >= 0) s[c + AFFINITY] = obs.node;
    else s[c + AFFINITY] = affinity;
    if (issued === 0) return;
    const given = s[c + CREDENTIAL];
    const givenRefresh = this.refreshPart(s, c + CREDENTIAL);
    s[c + CREDENTIAL] = issued;
    if (this.token !== null) s[c + CREDENTIAL_REFRESH] = this.issuedRefresh;
    this.attackerKeeps(s, c, given, givenRefresh);
  }

  /**
   * model/nextState.ts `attackerKeeps` (a credential is a pair of IDs, and every pair made has a
   * fresh first ID, so equal first IDs are the same credential).
   */
  private attackerKeeps(s: Int32Array, c: number, given: number, givenRefresh: number): void {
    const stolen = s[c + STOLEN];
    if (given === 0 || given === stolen) return;
    if (stolen !== 0) {
      s[c + OLDER] = stolen;
      if (this.token !== null) s[c + OLDER_REFRESH] = s[c + STOLEN_REFRESH];
    }
    s[c + STOLEN] = given;
    if (this.token !== null) s[c + STOLEN_REFRESH] = givenRefresh;
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

  /**
   * model/nextState.ts `send`: route, then let the node serve. Returns the issued credential (0:
   * none); a refresh token issued with it is in `issuedRefresh`.
   */
  private send(s: Int32Array, request: number, credential: number, refresh: number, user: number, affinity: number, obs: Obs): number {
    this.issuedRefresh = 0;
    const node = this.route(s, affinity);
    if (node < 0) {
      obs.status = 503; obs.user = -1; obs.node = -1; obs.storeTrips = 0; obs.credentialBytes = -1;
      return 0;
    }
    obs.node = node;
    obs.user = -1;
    if (this.token !== null) {
      obs.credentialBytes = request === REQ_LOGIN || request === REQ_REVOKE ? -1 : this.bytesOf(s, request === REQ_REFRESH ? refresh : credential);
      return this.serveToken(s, request, credential, refresh, user, obs, true);
    }
    obs.credentialBytes = request === REQ_LOGIN || request === REQ_REVOKE ? -1 : this.sessionBytes;
    return this.server === 'node-memory' ? this.serveFromMemory(s, node, request, credential, user, obs) : this.serveFromStore(s, request, credential, user, obs);
  }

  /** model/credentialSize.ts of token `id` (−1 for none). */
  private bytesOf(s: Int32Array, id: number): number {
    if (!issued(s, id)) return -1;
    const flags = s[this.layout.entry(id) + LW.FLAGS];
    return (flags & REFRESH_KIND) !== 0 ? this.refreshBytes : this.tokenBytes + this.itemBytes * (flags >>> ITEMS_SHIFT);
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
   * The token strategies (model/strategies/jwt.ts, jwt-denylist.ts, jwt-refresh.ts): a node
   * verifies what it is sent, and reads the store where the strategy keeps revocation state.
   * With `commit` false nothing is changed (a probe); the status, user and round trips are those
   * of the committed request. Returns the issued credential (0: none), and sets `issuedRefresh`.
   */
  private serveToken(s: Int32Array, request: number, main: number, refresh: number, user: number, obs: Obs, commit: boolean): number {
    obs.status = 200;
    obs.storeTrips = 0;
    const denylist = this.token === 'jwt-denylist';
    const refreshing = this.token === 'jwt-refresh';
    const L = this.layout;
    // jwt-denylist and jwt-refresh read the store (fail closed while it is down) where their
    // handlers do; plain jwt never does.
    const storeDown = s[STORE_UP] === 0;
    switch (request) {
      case REQ_LOGIN: {
        if ((denylist || refreshing) && storeDown) return this.storeDown(obs);
        obs.storeTrips = denylist || refreshing ? 1 : 0;
        obs.user = user;
        if (!commit) return 0;
        const clock = s[CLOCK];
        if (refreshing) {
          // The family is named by its refresh token, issued first (layout.ts).
          const family = this.issueToken(s, user, REFRESH_KIND, clock + this.scope.ttl.refresh, 0, s[LEDGER] + 1, 0);
          const access = this.issueToken(s, user, 0, clock + this.scope.ttl.access, 0, family, 0);
          s[L.entry(family) + LW.FAMILY_STORE] = FAMILY_PRESENT | (family << CURRENT_SHIFT);
          this.issuedRefresh = family;
          return access;
        }
        let epoch = 0;
        if (denylist) {
          const stored = L.client(user) + STORE_EPOCH;
          epoch = s[stored];
          // An epoch first carried by a credential gets the next name (names follow first appearance).
          if (epoch === FRESH_EPOCH) epoch = s[stored] = this.epochNames(s) + 1;
        }
        // A jwt-denylist session is named by its first token.
        return this.issueToken(s, user, 0, clock + this.scope.ttl.jwt, 0, denylist ? s[LEDGER] + 1 : 0, epoch);
      }
      case REQ_WHOAMI:
      case REQ_ADD_ITEM: {
        if (!this.liveToken(s, main, 0)) return this.refuse(obs, 0);
        const e = L.entry(main);
        if (denylist) {
          if (storeDown) return this.storeDown(obs);
          obs.storeTrips = 1;
          if (!this.epochAndSessionValid(s, e)) return this.refuse(obs, 1);
        }
        const flags = s[e + LW.FLAGS];
        obs.user = flags & OWNER_MASK;
        if (request === REQ_WHOAMI || !commit) return 0;
        // The cart lives in the token: adding an item re-signs a bigger one with the same expiry.
        const items = Math.min((flags >>> ITEMS_SHIFT) + 1, this.maxItems);
        this.issuedRefresh = refresh;
        return this.issueToken(s, obs.user, 0, s[e + LW.EXPIRES], items, s[e + LW.FAMILY], s[e + LW.EPOCH]);
      }
      case REQ_REFRESH: {
        if (!refreshing || refresh === 0 || !this.liveToken(s, refresh, REFRESH_KIND)) return this.refuse(obs, 0);
        if (storeDown) return this.storeDown(obs);
        obs.storeTrips = 1;
        const token = L.entry(refresh);
        const family = s[token + LW.FAMILY];
        const record = L.entry(family) + LW.FAMILY_STORE;
        const stored = s[record];
        if ((stored & FAMILY_PRESENT) === 0 || (stored & FAMILY_REVOKED) !== 0) return this.refuse(obs, 1);
        if (stored >>> CURRENT_SHIFT !== refresh) {
          // Reuse of a rotated-out token: someone else holds the family. Revoke all of it.
          if (commit) s[record] = stored | FAMILY_REVOKED;
          return this.refuse(obs, 1);
        }
        const owner = s[token + LW.FLAGS] & OWNER_MASK;
        obs.user = owner;
        if (!commit) return 0;
        // The cart travels in the (possibly expired) access token sent along.
        const previous = issued(s, main) ? s[L.entry(main) + LW.FLAGS] : -1;
        const items = previous >= 0 && (previous & OWNER_MASK) === owner ? previous >>> ITEMS_SHIFT : 0;
        const rotated = this.issueToken(s, owner, REFRESH_KIND, s[L.entry(family) + LW.EXPIRES], 0, family, 0);
        const access = this.issueToken(s, owner, 0, s[CLOCK] + this.scope.ttl.access, items, family, 0);
        s[record] = FAMILY_PRESENT | (rotated << CURRENT_SHIFT);
        this.issuedRefresh = rotated;
        return access;
      }
      case REQ_LOGOUT: {
        if (denylist) {
          if (!issued(s, main) || s[CLOCK] >= s[L.entry(main) + LW.EXPIRES]) return 0; // nothing left to deny
          if (storeDown) return this.storeDown(obs);
          obs.storeTrips = 1;
          if (commit) s[L.entry(s[L.entry(main) + LW.FAMILY]) + LW.FAMILY_STORE] |= FAMILY_DENIED;
          return 0;
        }
        if (!refreshing) return 0;
        if (storeDown) return this.storeDown(obs);
        obs.storeTrips = 1;
        if (commit && issued(s, refresh)) {
          const record = L.entry(s[L.entry(refresh) + LW.FAMILY]) + LW.FAMILY_STORE;
          if ((s[record] & FAMILY_PRESENT) !== 0) s[record] |= FAMILY_REVOKED;
        }
        return 0;
      }
      case REQ_REVOKE: {
        if (!denylist && !refreshing) return 0;
        if (storeDown) return this.storeDown(obs);
        obs.storeTrips = 1;
        if (!commit) return 0;
        // jwt-denylist stores a fresh epoch; jwt-refresh revokes the user's families.
        if (denylist) s[L.client(user) + STORE_EPOCH] = FRESH_EPOCH;
        else {
          for (let id = 1; id <= s[LEDGER]; id++) {
            const e = L.entry(id);
            if ((s[e + LW.FAMILY_STORE] & FAMILY_PRESENT) !== 0 && (s[e + LW.FLAGS] & OWNER_MASK) === user) s[e + LW.FAMILY_STORE] |= FAMILY_REVOKED;
          }
        }
        return 0;
      }
      default:
        throw new RangeError(`unknown request ${request}`);
    }
  }

  private refuse(obs: Obs, storeTrips: number): number {
    obs.status = 401;
    obs.storeTrips = storeTrips;
    return 0;
  }

  /** The store could not be reached: fail closed; the attempt counts as a round trip. */
  private storeDown(obs: Obs): number {
    obs.status = 503;
    obs.storeTrips = 1;
    return 0;
  }

  /** A token of the kind (`REFRESH_KIND` or 0) that exists and has not expired. */
  private liveToken(s: Int32Array, id: number, kind: number): boolean {
    if (!issued(s, id)) return false;
    const e = this.layout.entry(id);
    return (s[e + LW.FLAGS] & REFRESH_KIND) === kind && s[CLOCK] < s[e + LW.EXPIRES];
  }

  /** jwt-denylist: the token's session is not denied and its epoch is the owner's stored one. */
  private epochAndSessionValid(s: Int32Array, e: number): boolean {
    const L = this.layout;
    if ((s[L.entry(s[e + LW.FAMILY]) + LW.FAMILY_STORE] & FAMILY_DENIED) !== 0) return false;
    return s[L.client(s[e + LW.FLAGS] & OWNER_MASK) + STORE_EPOCH] === s[e + LW.EPOCH];
  }

  /** How many epoch names credentials carry (the greatest: names are given in order). */
  private epochNames(s: Int32Array): number {
    let names = 0;
    for (let id = 1; id <= s[LEDGER]; id++) names = Math.max(names, s[this.layout.entry(id) + LW.EPOCH]);
    return names;
  }

  /** model/world.ts `issue` for a token; its ID is the next ledger slot. `family` 0: none. */
  private issueToken(s: Int32Array, owner: number, kind: number, expiresAt: number, items: number, family: number, epoch: number): number {
    const id = this.issue(s, owner);
    const e = this.layout.entry(id);
    s[e + LW.FLAGS] = owner | kind | (items << ITEMS_SHIFT);
    s[e + LW.EXPIRES] = expiresAt;
    s[e + LW.FAMILY] = family;
    s[e + LW.EPOCH] = epoch;
    s[e + LW.FAMILY_STORE] = 0;
    return id;
  }

  /**
   * model/nextState.ts `probe`: what node `node` would answer a `GET /me` presenting credential
   * `id` (a refresh token: a `POST /refresh` presenting it alone), without changing anything: its
   * status; `user` set on `obs` for a 200.
   */
  probe(s: Int32Array, node: number, id: number, obs: Obs): number {
    obs.user = -1;
    if ((s[this.layout.nodeBase + node] & 1) === 0) return (obs.status = 503);
    if (this.token !== null) {
      if (issued(s, id) && (s[this.layout.entry(id) + LW.FLAGS] & REFRESH_KIND) !== 0) this.serveToken(s, REQ_REFRESH, -1, id, -1, obs, false);
      else this.serveToken(s, REQ_WHOAMI, id, 0, -1, obs, false);
      return obs.status;
    }
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
    for (let e = L.ledgerBase, end = L.used(s); e < end; e += L.entryWords) s[e + LW.FLAGS] |= flag;
  }

  /** model/nextState.ts `storeWipe`: the credentials refused by every live node just before it are marked. */
  private storeWipe(s: Int32Array): void {
    const L = this.layout;
    const clock = s[CLOCK];
    const n = s[NODES];
    let refused = 0;
    for (let id = 1; id <= s[LEDGER]; id++) {
      if (clock >= this.expiresAt(s, id)) continue;
      let everywhere = true;
      for (let node = 0; node < n && everywhere; node++) {
        if ((s[L.nodeBase + node] & 1) === 0) continue;
        everywhere = this.refuses(s, node, id);
      }
      if (everywhere) refused |= bit(id);
    }
    this.dropFromStore(s, s[STORE]);
    if (this.token !== null) {
      for (let u = 0; u < L.users; u++) s[L.client(u) + STORE_EPOCH] = 0;
      for (let id = 1; id <= s[LEDGER]; id++) s[L.entry(id) + LW.FAMILY_STORE] = 0;
    }
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

  /** When credential `id` expires. */
  private expiresAt(s: Int32Array, id: number): number {
    const e = this.layout.entry(id);
    return this.token !== null ? s[e + LW.EXPIRES] : s[e + LW.ISSUED] + this.sessionTtl;
  }

  /** A live node's probe of `id` answers 401 (model/nextState.ts `refusedEverywhere`, one node). */
  private refuses(s: Int32Array, node: number, id: number): boolean {
    if (this.token !== null) return this.probe(s, node, id, this.scratch) === 401;
    if (this.server === 'node-memory') return !this.live(s, (s[this.layout.nodeBase + node] >> 1) & bit(id), id);
    return s[STORE_UP] !== 0 && !this.live(s, s[STORE] & bit(id), id);
  }

  /** model/nextState.ts `purgeExpired`: expired sessions vanish from nodes and store (and expired families and denials). */
  private purgeExpired(s: Int32Array): void {
    const L = this.layout;
    const clock = s[CLOCK];
    if (this.token !== null) {
      // A family record or a denial expires with the family's first credential (layout.ts).
      for (let id = 1; id <= s[LEDGER]; id++) {
        const e = L.entry(id);
        if (s[e + LW.FAMILY_STORE] !== 0 && s[e + LW.EXPIRES] <= clock) s[e + LW.FAMILY_STORE] = 0;
      }
      return;
    }
    let expired = 0;
    for (let id = 1; id <= s[LEDGER]; id++) if (s[L.entry(id) + LW.ISSUED] + this.sessionTtl <= clock) expired |= bit(id);
    if (expired === 0) return;
    for (let n = 0; n < s[NODES]; n++) this.dropFromNode(s, n, expired);
    this.dropFromStore(s, expired);
  }
}
