/**
 * The machine: `initState`, `nextState`, `probe` and `counterfactual`. Routing, clients, the
 * attacker's copy, the ledger and faults are handled here once; strategies only say how one node
 * answers one request.
 */
import { credentialBytes } from './credentialSize.ts';
import { issuedTo } from './actions.ts';
import { liveNodes, route } from './lb.ts';
import { serve, type ModelStrategy, type Outcome, type ServerRequest } from './strategy.ts';
import type { Action, BatchRequest, ClientState, Credential, LedgerEntry, Observation, Scope, SessionRecord, State, StoreEntry, Transition } from './types.ts';
import { Fault } from './types.ts';
import { ledgerEntry } from './world.ts';

export function initState(scope: Scope): State {
  return {
    clock: 0,
    nodes: Array.from({ length: scope.nodes }, () => ({ up: true, sessions: [] })),
    lbPointer: 0,
    store: { up: true, entries: [] },
    clients: Array.from({ length: scope.users }, () => ({ credential: null, affinity: null, stolen: null, older: null })),
    ledger: [],
    // IDs start at 1: 0 is never a fresh value, so it can stand for "none" (e.g. no revocation epoch).
    nextId: 1,
  };
}

const quiet: Observation = { status: 200, storeTrips: 0 };
const noLiveNode: Observation = { status: 503, storeTrips: 0 };
const unauthenticated: Observation = { status: 401, storeTrips: 0 };

/** Bytes a request carries for this credential (the access or session part for ordinary requests). */
function bytesOf(strategy: ModelStrategy, state: State, credential: Credential, part: 'main' | 'refresh'): number | undefined {
  const id = part === 'main' ? credential.main : credential.refresh;
  const entry = id === null ? undefined : ledgerEntry(state, id);
  return entry && credentialBytes(entry, strategy.id);
}

/** `state` with `user`'s client replaced (the lockstep's batch replay uses it too). */
export function withClient(state: State, user: number, client: ClientState): State {
  const clients = state.clients.slice();
  clients[user] = client;
  return { ...state, clients };
}

function mapLedger(state: State, f: (e: LedgerEntry) => LedgerEntry): State {
  return { ...state, ledger: state.ledger.map(f) };
}

/** Marks a fault on every credential issued so far. */
function markFault(state: State, fault: number): State {
  return mapLedger(state, (e) => ((e.faults & fault) === fault ? e : { ...e, faults: e.faults | fault }));
}

interface Sent {
  readonly state: State;
  readonly outcome: Outcome | null;
  readonly observation: Observation;
}

/** Sends a request through the load balancer and lets the chosen node answer it. */
function send(strategy: ModelStrategy, scope: Scope, state: State, request: ServerRequest, affinity: number | null, part: 'main' | 'refresh' = 'main'): Sent {
  const chosen = route(state, strategy.lbPolicy, affinity);
  if (chosen === null) return { state, outcome: null, observation: noLiveNode };
  const routed = chosen.lbPointer === state.lbPointer ? state : { ...state, lbPointer: chosen.lbPointer };
  const outcome = serve(strategy, routed, chosen.node, request, scope);
  const credentialBytes = 'credential' in request ? bytesOf(strategy, state, request.credential, part) : undefined;
  // Built field by field (no spreads): this runs on every request of every search.
  const observation: { -readonly [K in keyof Observation]: Observation[K] } = { status: outcome.status, node: chosen.node, storeTrips: outcome.storeTrips };
  if (outcome.user !== undefined) observation.user = outcome.user;
  if (credentialBytes !== undefined) observation.credentialBytes = credentialBytes;
  return { state: outcome.state, outcome, observation };
}

/**
 * The attacker's copies once it also holds `given` (a credential the user gave up or had revoked):
 * `given` is the newest, the copy it replaces the older one. The same credential again changes nothing.
 */
export function attackerKeeps(client: ClientState, given: Credential | null): Pick<ClientState, 'stolen' | 'older'> {
  if (given === null || given === client.stolen) return { stolen: client.stolen, older: client.older };
  return { stolen: given, older: client.stolen ?? client.older };
}

/** The client after a response: the cookie jar takes a new credential, sticky re-pins. */
function afterResponse(strategy: ModelStrategy, client: ClientState, sent: Sent): ClientState {
  const affinity = strategy.lbPolicy === 'sticky' && sent.observation.node !== undefined ? sent.observation.node : client.affinity;
  const issued = sent.outcome?.issued;
  if (issued === undefined) return affinity === client.affinity ? client : { ...client, affinity };
  // The credential given up is the attacker's copy from now on.
  return { credential: issued, affinity, ...attackerKeeps(client, client.credential) };
}

type Step<T extends Action['type']> = (strategy: ModelStrategy, scope: Scope, state: State, action: Extract<Action, { type: T }>) => Transition;

/** Client requests that present the client's own credential. */
function ownRequest<T extends 'whoami' | 'addItem' | 'refresh'>(type: T): Step<T> {
  return (strategy, scope, state, action) => {
    const user = (action as Extract<Action, { type: 'whoami' }>).user;
    const client = state.clients[user];
    if (!client.credential) return { state, observation: unauthenticated };
    const sent = send(strategy, scope, state, { type, credential: client.credential }, client.affinity, type === 'refresh' ? 'refresh' : 'main');
    return { state: withClient(sent.state, user, afterResponse(strategy, client, sent)), observation: sent.observation };
  };
}

function setNode(state: State, node: number, up: boolean): State {
  const nodes = state.nodes.slice();
  nodes[node] = { up, sessions: [] };
  return { ...state, nodes };
}

/**
 * One function per action (guard in `isEnabled`, then the new state and the observation). The
 * mapped type keeps the table exhaustive at compile time.
 */
const steps: { readonly [T in Action['type']]: Step<T> } = {
  login(strategy, scope, state, { user }) {
    const client = state.clients[user];
    const sent = send(strategy, scope, state, { type: 'login', user }, client.affinity);
    return { state: withClient(sent.state, user, afterResponse(strategy, client, sent)), observation: sent.observation };
  },
  whoami: ownRequest('whoami'),
  addItem: ownRequest('addItem'),
  refresh: ownRequest('refresh'),
  logout(strategy, scope, state, { user }) {
    const client = state.clients[user];
    const credential = client.credential;
    if (!credential) return { state, observation: unauthenticated };
    const sent = send(strategy, scope, state, { type: 'logout', credential }, client.affinity);
    let s = sent.state;
    // Only an acknowledged logout promises anything.
    if (sent.observation.status === 200) {
      // The credential and its lineage (tokens of the same family or session) are logged out.
      const lineage = ledgerEntry(state, credential.main)?.family ?? null;
      s = mapLedger(s, (e) => (e.loggedOutAt === null && (e.id === credential.main || e.id === credential.refresh || (lineage !== null && e.family === lineage))
        ? { ...e, loggedOutAt: s.clock, wipedSinceLoggedOut: false } : e));
    }
    // The client discards its credential whatever the answer; the attacker keeps a copy.
    const affinity = afterResponse(strategy, client, sent).affinity;
    return { state: withClient(s, user, { credential: null, affinity, ...attackerKeeps(client, credential) }), observation: sent.observation };
  },
  replayStolen(strategy, scope, state, { user }) {
    const stolen = state.clients[user].stolen;
    if (!stolen) return { state, observation: unauthenticated };
    const sent = send(strategy, scope, state, { type: 'whoami', credential: stolen }, null);
    return { state: sent.state, observation: sent.observation };
  },
  replayOlder(strategy, scope, state, { user }) {
    const older = state.clients[user].older;
    if (!older) return { state, observation: unauthenticated };
    const sent = send(strategy, scope, state, { type: 'whoami', credential: older }, null);
    return { state: sent.state, observation: sent.observation };
  },
  replayIssued(strategy, scope, state, { user, index }) {
    const entry = issuedTo(state, user, index);
    if (!entry) return { state, observation: unauthenticated };
    const sent = send(strategy, scope, state, { type: 'whoami', credential: { main: entry.id, refresh: null } }, null);
    return { state: sent.state, observation: sent.observation };
  },
  forge(strategy, _scope, state) {
    // Sent without an affinity cookie; whichever node gets it refuses it (no store trip is
    // promised: a forged session ID may be looked up, a forged signature is not).
    const chosen = route(state, strategy.lbPolicy, null);
    if (chosen === null) return { state, observation: noLiveNode };
    const routed = chosen.lbPointer === state.lbPointer ? state : { ...state, lbPointer: chosen.lbPointer };
    return { state: routed, observation: { status: 401, node: chosen.node, storeTrips: 0 } };
  },
  plant(_strategy, _scope, state, { user }) {
    const client = state.clients[user];
    if (client.credential !== null || client.stolen === null) return { state, observation: quiet };
    return { state: withClient(state, user, { ...client, credential: client.stolen }), observation: quiet };
  },
  replayRefresh(strategy, scope, state, { user }) {
    const client = state.clients[user];
    if (!client.stolen) return { state, observation: unauthenticated };
    const sent = send(strategy, scope, state, { type: 'refresh', credential: client.stolen }, null, 'refresh');
    // The attacker keeps whatever the server minted for it.
    return { state: withClient(sent.state, user, { ...client, ...attackerKeeps(client, sent.outcome?.issued ?? null) }), observation: sent.observation };
  },
  revoke(strategy, scope, state, { user }) {
    const sent = send(strategy, scope, state, { type: 'revoke', user }, null);
    let s = sent.state;
    if (sent.observation.status === 200) {
      // The first acknowledged revoke counts, unless a wipe has excused it since: then this one does.
      s = mapLedger(s, (e) => (e.owner === user && (e.revokedAt === null || e.wipedSinceRevoked) ? { ...e, revokedAt: s.clock, wipedSinceRevoked: false } : e));
    }
    const client = s.clients[user];
    // The attacker's copy is the credential that was just revoked.
    if (client.credential) s = withClient(s, user, { ...client, ...attackerKeeps(client, client.credential) });
    return { state: s, observation: sent.observation };
  },
  crash: (_strategy, _scope, state, { node }) => ({ state: markFault(setNode(state, node, false), Fault.crash), observation: quiet }),
  restart: (_strategy, _scope, state, { node }) => ({ state: setNode(state, node, true), observation: quiet }),
  addNode: (_strategy, _scope, state) => ({ state: { ...state, nodes: [...state.nodes, { up: true, sessions: [] }] }, observation: quiet }),
  // A rolling-deploy step: the balancer stops routing to the node, it restarts empty, routing resumes.
  drain: (_strategy, _scope, state, { node }) => ({ state: markFault(setNode(state, node, true), Fault.drain), observation: quiet }),
  storeDown: (_strategy, _scope, state) => ({ state: markFault({ ...state, store: { ...state.store, up: false } }, Fault.storeOutage), observation: quiet }),
  storeUp: (_strategy, _scope, state) => ({ state: { ...state, store: { ...state.store, up: true } }, observation: quiet }),
  storeWipe(strategy, scope, state) {
    const refused = new Set(state.ledger.filter((e) => state.clock < e.expiresAt && refusedEverywhere(strategy, scope, state, e)).map((e) => e.id));
    const wiped = markFault({ ...state, store: { up: true, entries: [] } }, Fault.storeWipe);
    return {
      state: mapLedger(wiped, (e) => {
        const wipedSinceRevoked = e.wipedSinceRevoked || e.revokedAt !== null;
        const wipedSinceLoggedOut = e.wipedSinceLoggedOut || e.loggedOutAt !== null;
        const refusedBeforeWipe = e.refusedBeforeWipe || refused.has(e.id);
        return wipedSinceRevoked === e.wipedSinceRevoked && wipedSinceLoggedOut === e.wipedSinceLoggedOut && refusedBeforeWipe === e.refusedBeforeWipe
          ? e : { ...e, wipedSinceRevoked, wipedSinceLoggedOut, refusedBeforeWipe };
      }),
      observation: quiet,
    };
  },
  tick: (_strategy, _scope, state, { seconds }) => ({ state: purgeExpired({ ...state, clock: state.clock + seconds }), observation: quiet }),
  concurrent(strategy, scope, state, { requests }) {
    // No concurrency in the model: the batch is its requests one after another, in the written
    // order (one of the orders a system's answers may be explained by). Like a fault step it
    // observes 200; its round trips are the batch's total.
    let s = state;
    let storeTrips = 0;
    for (const request of requests) {
      const t = (steps[request.type] as Step<BatchRequest['type']>)(strategy, scope, s, request);
      s = t.state;
      storeTrips += t.observation.storeTrips;
    }
    return { state: s, observation: { status: 200, storeTrips } };
  },
};

/** One step of the machine. `action` must be enabled (see `actions`). */
export function nextState(strategy: ModelStrategy, scope: Scope, state: State, action: Action): Transition {
  return (steps[action.type] as Step<Action['type']>)(strategy, scope, state, action);
}

/** Expired sessions and store keys vanish (node-side TTL sweeps, Redis key expiry). */
function purgeExpired(state: State): State {
  const clock = state.clock;
  const expired = (e: SessionRecord | StoreEntry) => 'expiresAt' in e && e.expiresAt <= clock;
  const nodesExpire = state.nodes.some((n) => n.sessions.some(expired));
  const storeExpires = state.store.entries.some(expired);
  if (!nodesExpire && !storeExpires) return state;
  const nodes = nodesExpire ? state.nodes.map((n) => (n.sessions.some(expired) ? { ...n, sessions: n.sessions.filter((r) => !expired(r)) } : n)) : state.nodes;
  const store = storeExpires ? { ...state.store, entries: state.store.entries.filter((e) => !expired(e)) } : state.store;
  return { ...state, nodes, store };
}

/** The request that presents a ledger entry: refresh tokens go to /refresh, the rest to /me. */
export function presentingRequest(entry: LedgerEntry): ServerRequest {
  return entry.kind === 'refresh'
    ? { type: 'refresh', credential: { main: -1, refresh: entry.id } }
    : { type: 'whoami', credential: { main: entry.id, refresh: null } };
}

function refusedEverywhere(strategy: ModelStrategy, scope: Scope, state: State, entry: LedgerEntry): boolean {
  const request = presentingRequest(entry);
  return liveNodes(state).every((n) => probe(strategy, scope, state, request, n).status === 401);
}

/**
 * Evaluates a request at a chosen node without committing anything: "what would node n answer?".
 */
export function probe(strategy: ModelStrategy, scope: Scope, state: State, request: ServerRequest, node: number): Observation {
  if (!state.nodes[node]?.up) return { status: 503, storeTrips: 0, node };
  const outcome = serve(strategy, state, node, request, scope);
  // Written out, not spread: this runs for every held credential at every live node (any-node-serves).
  return outcome.user !== undefined
    ? { status: outcome.status, user: outcome.user, node, storeTrips: outcome.storeTrips }
    : { status: outcome.status, node, storeTrips: outcome.storeTrips };
}

/** A change to the world for {@link counterfactual}. */
export interface WorldChange {
  /** Run the step with the store reachable. */
  readonly storeUp?: true;
}

/** The same step in a changed world, e.g. "the same request with the store up". */
export function counterfactual(strategy: ModelStrategy, scope: Scope, state: State, action: Action, change: WorldChange): Transition {
  const changed = change.storeUp ? { ...state, store: { ...state.store, up: true } } : state;
  return nextState(strategy, scope, changed, action);
}
