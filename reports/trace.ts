/**
 * A counterexample's trace as readers see it: one row per step with the balancer's choice, the
 * response, every node's memory, the store's keys and the clock. Every renderer (Markdown, HTML,
 * JSON, the replay command) draws from these rows, so they all tell the same story.
 */
import { match } from 'ts-pattern';
import type { Action, ClientState, LedgerEntry, NodeState, Observation, State, StoreEntry } from '../model/types.ts';
import { ledgerEntry } from '../model/world.ts';
import type { TraceStep } from '../properties/replay.ts';

/** Who sends a step's request: a user's browser, the attacker replaying a copy, or the admin. */
export type Actor = { readonly kind: 'user'; readonly user: number } | { readonly kind: 'attacker'; readonly user: number } | { readonly kind: 'admin' } | { readonly kind: 'operator' };

/** The world after a step, flattened to text. */
export interface WorldView {
  readonly clock: number;
  /** One entry per node: whether it is up and what it keeps in memory. */
  readonly nodes: readonly { readonly up: boolean; readonly memory: readonly string[] }[];
  readonly store: { readonly up: boolean; readonly keys: readonly string[] };
  /** One entry per user: the credential in the cookie jar and the attacker's copies (the newest, and the one before it). */
  readonly clients: readonly { readonly credential: string | null; readonly stolen: string | null; readonly older: string | null; readonly affinity: string | null }[];
}

export interface TraceRow {
  /** 1-based, as readers count. */
  readonly step: number;
  readonly action: string;
  readonly actor: Actor;
  /** The request's path (`POST /login`), or null for faults and ticks. */
  readonly request: string | null;
  /** The node the balancer picked (`n1`), `none` when no node was live, null for non-requests. */
  readonly lb: string | null;
  /** `200 u0`, `401`, `503`, or null for non-requests. */
  readonly response: string | null;
  readonly status: Observation['status'];
  readonly storeTrips: number;
  readonly credentialBytes: number | null;
  readonly after: WorldView;
}

const requests: Partial<Record<Action['type'], string>> = {
  login: 'POST /login',
  whoami: 'GET /me',
  addItem: 'POST /cart',
  logout: 'POST /logout',
  refresh: 'POST /refresh',
  replayStolen: 'GET /me',
  replayRefresh: 'POST /refresh',
  replayOlder: 'GET /me',
  replayIssued: 'GET /me',
  forge: 'GET /me',
  revoke: 'POST /admin/revoke',
  concurrent: 'GET /me and POST /cart, at once',
};

/** The actor of an action. */
export function actorOf(action: Action): Actor {
  return match(action)
    .with({ type: 'replayStolen' }, { type: 'replayRefresh' }, { type: 'replayOlder' }, { type: 'replayIssued' }, { type: 'forge' }, { type: 'plant' }, (a): Actor => ({ kind: 'attacker', user: a.user }))
    .with({ type: 'revoke' }, (): Actor => ({ kind: 'admin' }))
    .with({ type: 'login' }, { type: 'whoami' }, { type: 'addItem' }, { type: 'logout' }, { type: 'refresh' }, (a): Actor => ({ kind: 'user', user: a.user }))
    // A batch is drawn as its first request's user (a batch of several users' requests is rare).
    .with({ type: 'concurrent' }, (a): Actor => ({ kind: 'user', user: a.requests[0].user }))
    .with({ type: 'crash' }, { type: 'restart' }, { type: 'addNode' }, { type: 'drain' }, { type: 'storeDown' }, { type: 'storeUp' }, { type: 'storeWipe' }, { type: 'tick' }, (): Actor => ({ kind: 'operator' }))
    .exhaustive();
}

/** The name a diagram gives an actor. */
export function actorName(actor: Actor): string {
  return match(actor)
    .with({ kind: 'user' }, (a) => `u${a.user}`)
    .with({ kind: 'attacker' }, () => 'attacker')
    .with({ kind: 'admin' }, () => 'admin')
    .with({ kind: 'operator' }, () => 'operator')
    .exhaustive();
}

function describeSession(s: { id: number; user: number; items: number }): string {
  return `session #${s.id} (u${s.user}, ${s.items} item${s.items === 1 ? '' : 's'})`;
}

/** A store entry as a Redis-like key with a short value. */
export function storeKey(entry: StoreEntry): string {
  return match(entry)
    .with({ kind: 'session' }, (e) => `session:${e.id} → u${e.user}, ${e.items} item${e.items === 1 ? '' : 's'}`)
    .with({ kind: 'family' }, (e) => `family:${e.id} → u${e.user}, current #${e.current}${e.revoked ? ', revoked' : ''}`)
    .with({ kind: 'deny' }, (e) => `deny:session ${e.session}`)
    .with({ kind: 'epoch' }, (e) => `epoch:u${e.user} = ${e.epoch}`)
    .exhaustive();
}

function describeCredentialId(state: State, id: number): string {
  const e: LedgerEntry | undefined = ledgerEntry(state, id);
  if (!e) return `#${id}`;
  const kind = e.kind === 'session' ? 'session' : e.kind === 'jwt' ? 'token' : `${e.kind} token`;
  return `${kind} #${id}`;
}

function describeHeld(state: State, client: ClientState, which: 'credential' | 'stolen' | 'older'): string | null {
  const c = client[which];
  if (!c) return null;
  const main = describeCredentialId(state, c.main);
  return c.refresh === null ? main : `${main} + ${describeCredentialId(state, c.refresh)}`;
}

function nodeView(node: NodeState): WorldView['nodes'][number] {
  return { up: node.up, memory: node.sessions.map(describeSession) };
}

/** The world of a state, flattened to text. */
export function worldView(state: State): WorldView {
  return {
    clock: state.clock,
    nodes: state.nodes.map(nodeView),
    store: { up: state.store.up, keys: state.store.entries.map(storeKey) },
    clients: state.clients.map((c) => ({ credential: describeHeld(state, c, 'credential'), stolen: describeHeld(state, c, 'stolen'), older: describeHeld(state, c, 'older'), affinity: c.affinity === null ? null : `n${c.affinity}` })),
  };
}

/** One row per step of a model trace. */
export function traceRows(steps: readonly TraceStep[]): TraceRow[] {
  return steps.map((s) => {
    const request = requests[s.action.type] ?? null;
    const o = s.observation;
    return {
      step: s.index + 1,
      action: s.text,
      actor: actorOf(s.action),
      request,
      // A batch's requests each went their own way (the model plays them one after another).
      lb: request === null || s.action.type === 'concurrent' ? null : o.node === undefined ? 'none' : `n${o.node}`,
      response: request === null ? null : o.status === 200 && o.user !== undefined ? `200 u${o.user}` : String(o.status),
      status: o.status,
      storeTrips: o.storeTrips,
      credentialBytes: o.credentialBytes ?? null,
      after: worldView(s.after),
    };
  });
}
