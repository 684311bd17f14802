/**
 * The explorer's sound finite abstraction (`ExploreOptions.abstraction`): what of a state can
 * still matter, and nothing else.
 *
 * Without it the 2-user/2-node space is infinite: the ledger keeps every credential ever issued,
 * node and store sessions of credentials nobody holds live until a tick purges them, and the
 * absolute clock splits states no property tells apart. {@link abstractState} maps a state to a
 * representative of its class; the explorer applies it to every state AFTER the checks of the edge
 * that reached it (so checks always judge a real `nextState` transition) and before fingerprinting
 * and expanding it. What it does, and why each part is exact:
 *
 * 1. **Dead credentials go.** A credential ID nobody holds (no client's `credential`, no attacker
 *    copy `stolen`/`older`) can never be presented again: IDs are fresh, and a copy leaves the
 *    three slots only by being pushed out of the attacker's bounded memory (a scope bound of the
 *    model: the last two credentials per user, DESIGN "The attacker"). So a ledger entry, a node
 *    session or a store session of such an ID is read by no future request, probe or check — with
 *    two exceptions kept below. jwt-denylist `deny` entries and jwt-refresh `family` entries go
 *    with the last held credential of their family. Expired node and store records are absent
 *    for every lookup (`nodeSession`, `storeFind`), so they go too.
 * 2. **What jwt-refresh's reuse detection reads is kept.** `rotatedOut` asks whether a newer
 *    refresh token of the presented token's family was issued, and `familyReused` whether any
 *    member of the family was logged out or revoked. For each family a held refresh token belongs
 *    to, the abstraction keeps its newest refresh token (also the store's `current`) and one member
 *    carrying each of the two marks, with every field nothing reads normalised.
 * 3. **Relative time, no absolute clock.** The clock becomes {@link ABSTRACT_CLOCK}; every time is
 *    moved by the same amount (strategies and checks compare times only with each other and with
 *    the clock, so a shift changes no answer). Remaining lifetimes are clamped at 0 from below (an
 *    expired credential stays expired: time only grows) and at the largest TTL from above; ages of
 *    revocations are clamped at {@link REVOCATION_AGE_HORIZON} (the longest age a check compares:
 *    revocation.bounded's window); a logout's time and every `issuedAt` are read by nothing but
 *    messages, so they become the clock. Because the clock no longer grows, `tick` is always
 *    enabled: the abstract search is the model with no `maxClock` bound. A sequence the bounded
 *    model allows is allowed here with the same states and observations, so a proof here is a
 *    proof there; and for any depth D with D·max(ticks) ≤ maxClock (48 steps at the default
 *    scope) the two searches meet exactly the same sequences.
 * 4. **Fields nothing reads are dropped.** Session records' cart counts (a session credential's
 *    size does not depend on its cart, and no check or strategy answer reads the count) become 0.
 *    The cart inside a JWT is kept: it is the token's size.
 * 5. **IDs are compacted preserving order.** Credential, family and epoch IDs share one counter;
 *    the ones still named anywhere are renumbered 1, 2, … in their old order (`rotatedOut` compares
 *    credential IDs by order; everything else only by equality), and `nextId` follows them, so a
 *    fresh ID is still larger than every one in use.
 *
 * Why no verdict and no shortest counterexample's length changes (docs/abstraction.md says it in
 * full; test/explore/abstraction.test.ts compares both searches for every strategy and checks the
 * commutation along random walks). A state and its abstraction enable the same actions in the same
 * order, answer each with the same observation, and their successors abstract to the same state,
 * because every request reads only the presented (held) credential's claims and records, the
 * user's epoch, its family's deny or family entry, the pointer, affinity and node liveness. Per
 * property, what its check reads (properties/checks/*.ts, through modelFacts) is kept:
 * - stateless.any-node-serves, scale.new-node-serves: probes of held credentials (kept data).
 * - stateless.no-node-memory, store.none: counts of node sessions / store entries. Dead ones are
 *   dropped, so an abstract edge may count fewer, never more; and on every sequence the first step
 *   with a record is the one that created it for a credential then held, which the abstract search
 *   sees unabstracted (it checks before abstracting): the shortest counterexample is the same.
 * - revocation.instant, logout.invalidates, revocation.durable: marks of an accepted credential;
 *   kept for live held credentials, and an expired one is never accepted (`acceptsExpired`).
 * - revocation.bounded: the age of the revocation against 300 s: exact below, clamped above.
 * - failover.sessions-survive, login.follows-user, deploy.no-logout: validity and the exact fault
 *   set among none / crash / drain: the fault classes keep exactly these.
 * - hop.none-per-request, store.outage-tolerant(-ordinary), safety.fail-closed,
 *   safety.no-impersonation: the observation and the store-up counterfactual of the same step.
 * - token.constant-size, token.fits-cookie: a token's cart (kept); a session ID's size is fixed.
 * - safety.expiry: remaining lifetimes, exact while positive.
 * - refresh.reuse-revokes-family: "a newer refresh token of the family exists" and "a member was
 *   logged out or revoked", kept by the family's newest refresh token and the marked members.
 */
import { Fault } from '../types.ts';
import { presentedEntry } from './sometimes.ts';
import type { Edge } from './types.ts';
import type { ClientState, Credential, LedgerEntry, NodeState, Scope, SessionRecord, State, StoreEntry } from '../types.ts';
import { heldIds } from '../world.ts';

/**
 * The longest age of a revocation any check compares (revocation.bounded's 300 s window,
 * `REVOCATION_WINDOW_SECONDS` in properties/checks/revocation.ts; a test keeps them equal).
 * Ages are clamped here, and the abstract clock sits here so that clamped revocation times stay ≥ 0.
 */
export const REVOCATION_AGE_HORIZON = 300;

/**
 * The scope of `explore --complete` (docs/abstraction.md, *The complete search*): one user, two
 * nodes (scaling out to three), and one step size, `tick(1800)`, the session lifetime, so that
 * each tick ends every session and moves every revocation past the 300 s window. The abstract
 * space is finite at any scope; this one is chosen so that the readable engine reaches the
 * fixpoint in minutes (every strategy's size and time: docs/abstraction.md).
 */
export const COMPLETE_SCOPE = { users: 1, nodes: 2, ticks: [1800] } as const;

/** The clock of every abstract state. */
export const ABSTRACT_CLOCK = REVOCATION_AGE_HORIZON;

/**
 * Fault marks are read only as "exactly none", "exactly a crash" or "exactly a drain" (failover
 * checks and their sometimes situations); every other set of marks is one class, closed under
 * adding marks, so it is written as all of them.
 */
const OTHER_FAULTS = Fault.crash | Fault.drain | Fault.storeOutage | Fault.storeWipe;
const faultClass = (faults: number) => (faults === 0 || faults === Fault.crash || faults === Fault.drain ? faults : OTHER_FAULTS);

/** Maps a state to its abstract representative (see the file comment). Pure. */
export function abstractState(state: State, scope: Scope): State {
  const clock = state.clock;
  const maxLife = Math.max(scope.ttl.session, scope.ttl.jwt, scope.ttl.access, scope.ttl.refresh);
  const remaining = (expiresAt: number) => Math.min(Math.max(expiresAt - clock, 0), maxLife);
  const expiry = (expiresAt: number) => ABSTRACT_CLOCK + remaining(expiresAt);
  const mark = (at: number | null) => (at === null ? null : ABSTRACT_CLOCK - Math.min(clock - at, REVOCATION_AGE_HORIZON));

  const held = heldIds(state);
  // Families some held credential belongs to (deny entries), and those of held refresh tokens (family entries, reuse detection).
  const heldFamilies = new Set<number>();
  const refreshFamilies = new Set<number>();
  for (const e of state.ledger) {
    if (!held.has(e.id) || e.family === null) continue;
    heldFamilies.add(e.family);
    if (e.kind === 'refresh') refreshFamilies.add(e.family);
  }

  // Unheld members of a refresh family that reuse detection reads: the newest refresh token, and
  // the newest member with each mark unless a kept member already carries it.
  const ghosts = new Set<number>();
  if (refreshFamilies.size > 0) {
    const newest = new Map<number, number>();
    for (const e of state.ledger) if (e.kind === 'refresh' && e.family !== null && refreshFamilies.has(e.family)) newest.set(e.family, e.id);
    for (const e of state.store.entries) if (e.kind === 'family' && refreshFamilies.has(e.id)) newest.set(e.id, Math.max(newest.get(e.id) ?? 0, e.current));
    for (const n of newest.values()) if (!held.has(n)) ghosts.add(n);
    for (const marked of [(e: LedgerEntry) => e.loggedOutAt !== null, (e: LedgerEntry) => e.revokedAt !== null]) {
      const covered = new Set<number>();
      const candidate = new Map<number, number>();
      for (const e of state.ledger) {
        if (e.family === null || !refreshFamilies.has(e.family) || !marked(e)) continue;
        if (held.has(e.id) || ghosts.has(e.id)) covered.add(e.family);
        else candidate.set(e.family, e.id);
      }
      for (const [family, e] of candidate) if (!covered.has(family)) ghosts.add(e);
    }
  }

  // IDs still named anywhere, for compaction.
  const named = new Set<number>();
  const ledger: LedgerEntry[] = [];
  for (const e of state.ledger) {
    if (held.has(e.id) && e.expiresAt <= clock) {
      // Expired: never accepted again (checked on every edge, `acceptsExpired`), so of its history
      // only what a "sometimes" situation reads of a presented credential is left.
      ledger.push({
        ...e, issuedAt: ABSTRACT_CLOCK, expiresAt: ABSTRACT_CLOCK, revokedAt: e.revokedAt === null ? null : ABSTRACT_CLOCK, faults: 0,
        loggedOutAt: e.loggedOutAt === null ? null : ABSTRACT_CLOCK, wipedSinceRevoked: false, wipedSinceLoggedOut: false,
      });
    } else if (held.has(e.id)) {
      ledger.push({
        ...e, issuedAt: ABSTRACT_CLOCK, expiresAt: expiry(e.expiresAt), revokedAt: mark(e.revokedAt), faults: faultClass(e.faults),
        loggedOutAt: e.loggedOutAt === null ? null : ABSTRACT_CLOCK,
      });
    } else if (ghosts.has(e.id)) {
      // Read only for its kind, family, owner (a revoke marks by owner), ID order and marks.
      ledger.push({
        id: e.id, owner: e.owner, kind: e.kind, issuedAt: ABSTRACT_CLOCK, expiresAt: ABSTRACT_CLOCK, items: 0, family: e.family, epoch: 0,
        revokedAt: e.revokedAt === null ? null : ABSTRACT_CLOCK, loggedOutAt: e.loggedOutAt === null ? null : ABSTRACT_CLOCK,
        faults: 0, wipedSinceRevoked: false, wipedSinceLoggedOut: false, refusedBeforeWipe: false,
      });
    } else {
      continue;
    }
    const kept = ledger[ledger.length - 1];
    named.add(kept.id);
    if (kept.family !== null) named.add(kept.family);
    if (kept.epoch !== 0) named.add(kept.epoch);
  }

  const nodes: NodeState[] = state.nodes.map((node) => {
    const sessions: SessionRecord[] = [];
    for (const r of node.sessions) if (held.has(r.id) && r.expiresAt > clock) sessions.push({ id: r.id, user: r.user, items: 0, expiresAt: expiry(r.expiresAt) });
    return sessions.length === 0 && node.sessions.length === 0 ? node : { up: node.up, sessions };
  });

  const entries: StoreEntry[] = [];
  for (const e of state.store.entries) {
    switch (e.kind) {
      case 'session':
        if (held.has(e.id) && e.expiresAt > clock) entries.push({ ...e, items: 0, expiresAt: expiry(e.expiresAt) });
        break;
      case 'family':
        if (refreshFamilies.has(e.id) && e.expiresAt > clock) entries.push({ ...e, expiresAt: expiry(e.expiresAt) });
        break;
      case 'deny':
        if (heldFamilies.has(e.session) && e.expiresAt > clock) entries.push({ ...e, expiresAt: expiry(e.expiresAt) });
        break;
      case 'epoch':
        entries.push(e);
        if (e.epoch !== 0) named.add(e.epoch);
        break;
    }
  }

  // Compaction: the named IDs in their old order become 1, 2, ….
  const order = [...named].sort((a, b) => a - b);
  const rename = new Map<number, number>();
  order.forEach((old, i) => rename.set(old, i + 1));
  const id = (old: number) => {
    const fresh = rename.get(old);
    if (fresh === undefined) throw new Error(`abstraction: ID #${old} is referenced but not kept`);
    return fresh;
  };
  const renamedCredentials = new Map<Credential, Credential>();
  // Object identity is kept (the attacker's memory compares credentials by identity).
  const credential = (c: Credential | null): Credential | null => {
    if (c === null) return null;
    let out = renamedCredentials.get(c);
    if (!out) {
      out = { main: id(c.main), refresh: c.refresh === null ? null : id(c.refresh) };
      renamedCredentials.set(c, out);
    }
    return out;
  };
  const clients: ClientState[] = state.clients.map((c) => ({ credential: credential(c.credential), affinity: c.affinity, stolen: credential(c.stolen), older: credential(c.older) }));

  return {
    clock: ABSTRACT_CLOCK,
    nodes: nodes.map((n) => (n.sessions.length === 0 ? n : { up: n.up, sessions: n.sessions.map((r) => ({ ...r, id: id(r.id) })) })),
    lbPointer: state.lbPointer,
    store: {
      up: state.store.up,
      entries: entries.map((e): StoreEntry => {
        switch (e.kind) {
          case 'session': return { ...e, id: id(e.id) };
          case 'family': return { ...e, id: id(e.id), current: id(e.current) };
          case 'deny': return { ...e, session: id(e.session) };
          case 'epoch': return e.epoch === 0 ? e : { ...e, epoch: id(e.epoch) };
        }
      }),
    },
    clients,
    ledger: ledger.map((e) => ({ ...e, id: id(e.id), family: e.family === null ? null : id(e.family), epoch: e.epoch === 0 ? 0 : id(e.epoch) })),
    nextId: order.length + 1,
  };
}

/**
 * Whether the edge's request was accepted with an expired credential. The abstraction forgets the
 * fault marks, revocation ages and wipe marks of expired credentials, which is exact only if no
 * expired credential is ever accepted (every built-in strategy checks expiry, and safety.expiry
 * holds for each); the explorer checks this on every abstract edge and stops with an error if not.
 */
export function acceptsExpired(edge: Edge): boolean {
  // A logout is acknowledged whatever it carries: it accepts nothing.
  if (edge.observation.status !== 200 || edge.action.type === 'logout') return false;
  const e = presentedEntry(edge.before, edge.action);
  return e !== undefined && edge.before.clock >= e.expiresAt;
}
