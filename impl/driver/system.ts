/**
 * The system under test as the property runner sees it: `step(action)` plays one model action
 * against a real cluster and returns an Observation shaped exactly like the model's. Requests
 * go through the balancer (in-process or over loopback sockets); the round trips are read from
 * the store client's counter, never declared.
 */
import type { Action, BatchRequest, Observation, Status } from '../../model/index.ts';
import { formatAction } from '../../model/actions.ts';
import { batchSeed, scheduledLatency } from '../store/latency.ts';
import { unixSeconds } from '../clock.ts';
import { ImplError } from '../errors.ts';
import type { KeyMaterial } from '../jwt/keys.ts';
import { ADMIN_KEY_HEADER } from '../http/app.ts';
import { userName } from '../http/incoming.ts';
import type { DrivenCluster } from './driven.ts';
import { afterResponse, attackerKeeps, newClients, type WireClient } from './clients.ts';
import { cookieHeader, credentialBytes, readResponse, type ReadResponse, type WireCredential } from './wire.ts';

export type { WireCredential } from './wire.ts';

/** Who sent a step's request and what it presented, exactly as it went on the wire. */
export interface SentRequest {
  readonly by: 'client' | 'attacker' | 'admin';
  readonly user: number;
  /** The credential presented (null for login and admin requests). */
  readonly credential: WireCredential | null;
  /** Which part authenticated: the refresh token (`/refresh`) or the main credential. */
  readonly part: 'main' | 'refresh';
  /** The attacker forged the credential (`forge`): nothing of it was issued. */
  readonly forged?: true;
}

/** One step as the harness saw it: the trace's raw material. */
export interface StepRecord {
  readonly observation: Observation;
  /** The request, when the step sent one (faults and ticks send none; nor does a client with no credential). */
  readonly sent: SentRequest | null;
  /** The credential the response issued (merged over the one presented), if any. */
  readonly issued: WireCredential | null;
  /** The longest `Max-Age` among the issued cookies, in seconds, if any. */
  readonly maxAge: number | null;
  /** The latest cookie `Expires` (unix seconds) when no `Max-Age` was given, if any. */
  readonly expires?: number;
  /** The response re-sent the credential presented, unchanged (identity by value: not a new one). */
  readonly resent?: true;
  /**
   * A concurrent batch (`concurrent(…)`): one record per request, in the batch's written order.
   * The batch's own observation is `{ status: 200, storeTrips }` with the round trips of all its
   * requests; theirs overlap, so each request's `storeTrips` is 0 (not attributable).
   */
  readonly batch?: readonly BatchRecord[];
}

/** One request of a concurrent batch, as the harness saw it. */
export interface BatchRecord extends StepRecord {
  /** When its response arrived among the batch's (0 = first): the client keeps the last credential delivered. */
  readonly delivered: number;
}

/** What the harness's users and attacker hold: the current credential and the attacker's copy. */
export interface Jar {
  readonly credential: WireCredential | null;
  readonly stolen: WireCredential | null;
  /** The attacker's copy of the credential given up before `stolen`. */
  readonly older: WireCredential | null;
  /** How many credentials were ever issued to the user (what `replayIssued(uN,K)` may present). */
  readonly issued: number;
}

/** What a probe (`GET /me` to one node) answered; `items` when the body reports the cart count (the wire convention). */
export interface ProbeReply {
  readonly status: number;
  readonly user?: number;
  readonly items?: number;
}

/** A running implementation driven one model action at a time. */
export interface SystemUnderTest {
  /** Plays one action; the observation is comparable with the model's `nextState` observation. */
  step(action: Action): Promise<Observation>;
  /**
   * Plays one action and returns everything the harness saw of it. `forge` sends `forged` (the
   * attacker's forgery, built by the caller from {@link SystemUnderTest.forgeryContext}).
   */
  act(action: Action, forged?: WireCredential): Promise<StepRecord>;
  /** What a forger may use: the system's key material (public facts and, for re-signed variants, the keys) and its clock in unix seconds. */
  forgeryContext(): { readonly keys: KeyMaterial; readonly now: number };
  /** Per-client records each node holds in memory (for `stateless.no-node-memory`); null when a node does not report it. */
  localSessionCounts(): number[] | null;
  /**
   * A probe: the read-only `GET /me` with `credential`, sent to node `node` directly (not through
   * the balancer). Its store round trips are not counted in any step. Null when the node is down.
   */
  probe(node: number, credential: WireCredential): Promise<ProbeReply | null>;
  /** Nodes in rotation, as the harness set them. */
  liveNodes(): number[];
  /** Keys the store holds for clients, read on an uncounted connection; null when it cannot be read. */
  storeKeys(): Promise<string[] | null>;
  /** Each user's jar: the credential held and the attacker's copy. */
  jars(): readonly Jar[];
  /** Stops every server and the store. */
  close(): Promise<void>;
}

/** Sends an HTTP request to the balancer (path + init) and returns its response. */
export type Transport = (path: string, init: RequestInit) => Promise<Response>;

const quiet: Observation = { status: 200, storeTrips: 0 };
const noCredential: Observation = { status: 401, storeTrips: 0 };

interface Send {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly credential: WireCredential | null;
  readonly affinity: string | null;
  readonly user?: number;
  readonly admin?: boolean;
  readonly part?: 'main' | 'refresh';
  /** Who sends it (default: the user's own client). */
  readonly by?: 'client' | 'attacker';
  /** The user whose client or stolen copy sends it. */
  readonly owner?: number;
  readonly forged?: true;
}

/** The driver: clients, the attacker, and the fault switches, over one cluster. */
export class Driver implements SystemUnderTest {
  private readonly clients: WireClient[];
  private closed = false;

  constructor(private readonly cluster: DrivenCluster, private readonly transport: Transport, users: number, private readonly onClose: () => Promise<void>) {
    this.clients = newClients(users);
  }

  async step(action: Action): Promise<Observation> {
    return (await this.act(action)).observation;
  }

  async act(action: Action, forged?: WireCredential): Promise<StepRecord> {
    this.last = null;
    this.steps += 1;
    const observation = await this.play(action, forged);
    if (action.type === 'concurrent') return { observation, sent: null, issued: null, maxAge: null, batch: this.lastBatch };
    const last = this.last as [SentRequest, ReadResponse] | null;
    return record(observation, last?.[0] ?? null, last?.[1] ?? null);
  }

  forgeryContext(): { readonly keys: KeyMaterial; readonly now: number } {
    return { keys: this.cluster.keys, now: unixSeconds(this.cluster.clock) };
  }

  localSessionCounts(): number[] | null {
    return this.cluster.localSessionCounts();
  }

  async probe(node: number, credential: WireCredential): Promise<ProbeReply | null> {
    const headers: [string, string][] = [];
    const cookies = cookieHeader(credential, null);
    if (cookies !== null) headers.push(['cookie', cookies]);
    if (credential.token) headers.push(['authorization', `Bearer ${credential.token}`]);
    const response = await this.cluster.probe(node, '/me', { method: 'GET', headers });
    if (response === null) return null;
    const read = await readResponse(response, credential);
    if (read.user === undefined) return { status: read.status };
    return read.items === undefined ? { status: read.status, user: read.user } : { status: read.status, user: read.user, items: read.items };
  }

  liveNodes(): number[] {
    return this.cluster.liveNodes();
  }

  storeKeys(): Promise<string[] | null> {
    return this.cluster.storeKeys();
  }

  jars(): readonly Jar[] {
    return this.clients.map((c) => ({ credential: c.credential, stolen: c.stolen, older: c.older, issued: c.issued.length }));
  }

  private last: [SentRequest, ReadResponse] | null = null;
  /** Steps played (seeds each batch's store latency). */
  private steps = 0;
  private lastBatch: BatchRecord[] = [];

  private async play(action: Action, forged?: WireCredential): Promise<Observation> {
    if (this.closed) throw new ImplError('ERR_SYSTEM_CLOSED', 'step() after close()');
    const c = this.cluster;
    switch (action.type) {
      case 'login': {
        const client = this.client(action.user);
        // A login carries no credential of the client's own; one the attacker planted goes with it, as a browser's cookie jar would send it.
        const [read, obs] = await this.send({ method: 'POST', path: '/login', credential: client.planted ? client.credential : null, affinity: client.affinity, user: action.user });
        afterResponse(client, read);
        return obs;
      }
      case 'whoami':
      case 'addItem':
      case 'refresh': {
        const { type } = action;
        const client = this.client(action.user);
        if (!client.credential) return noCredential;
        const path = type === 'whoami' ? '/me' : type === 'addItem' ? '/cart' : '/refresh';
        const [read, obs] = await this.send({
          method: type === 'whoami' ? 'GET' : 'POST', path, credential: client.credential, affinity: client.affinity, owner: action.user,
          part: type === 'refresh' ? 'refresh' : 'main',
        });
        afterResponse(client, read);
        return obs;
      }
      case 'logout': {
        const client = this.client(action.user);
        const credential = client.credential;
        if (!credential) return noCredential;
        const [read, obs] = await this.send({ method: 'POST', path: '/logout', credential, affinity: client.affinity, owner: action.user });
        // Whatever the answer, the client forgets the credential and the attacker keeps a copy.
        if (read.affinity !== undefined) client.affinity = read.affinity;
        client.credential = null;
        client.planted = false;
        attackerKeeps(client, credential);
        return obs;
      }
      case 'replayStolen': {
        const stolen = this.client(action.user).stolen;
        if (!stolen) return noCredential;
        return (await this.send({ method: 'GET', path: '/me', credential: stolen, affinity: null, by: 'attacker', owner: action.user }))[1];
      }
      case 'replayOlder': {
        const older = this.client(action.user).older;
        if (!older) return noCredential;
        return (await this.send({ method: 'GET', path: '/me', credential: older, affinity: null, by: 'attacker', owner: action.user }))[1];
      }
      case 'replayIssued': {
        const issued = this.client(action.user).issued[action.index];
        if (!issued) return noCredential;
        return (await this.send({ method: 'GET', path: '/me', credential: issued, affinity: null, by: 'attacker', owner: action.user }))[1];
      }
      case 'plant': {
        const client = this.client(action.user);
        if (client.credential === null && client.stolen !== null) {
          client.credential = client.stolen;
          client.planted = true;
        }
        return quiet;
      }
      case 'forge': {
        if (!forged) throw new ImplError('ERR_FORGE_WITHOUT_FORGERY', 'forge() needs the forged credential (act(action, forged))');
        return (await this.send({ method: 'GET', path: '/me', credential: forged, affinity: null, by: 'attacker', owner: action.user, forged: true }))[1];
      }
      case 'replayRefresh': {
        const client = this.client(action.user);
        if (!client.stolen) return noCredential;
        const [read, obs] = await this.send({ method: 'POST', path: '/refresh', credential: client.stolen, affinity: null, part: 'refresh', by: 'attacker', owner: action.user });
        if (read.issued) {
          attackerKeeps(client, read.issued); // the attacker keeps whatever it was given
          client.issued.push(read.issued);
        }
        return obs;
      }
      case 'revoke': {
        const [, obs] = await this.send({ method: 'POST', path: '/admin/revoke', credential: null, affinity: null, user: action.user, admin: true });
        const client = this.client(action.user);
        if (client.credential) attackerKeeps(client, client.credential);
        return obs;
      }
      case 'crash': return (await c.crash(action.node), quiet);
      case 'restart': return (await c.restart(action.node), quiet);
      case 'addNode': return (await c.addNode(), quiet);
      case 'drain': return (await c.drain(action.node), quiet);
      case 'storeDown': return (await c.hub.down(), quiet);
      case 'storeUp': return (await c.hub.up(), quiet);
      case 'storeWipe': return (await c.hub.wipe(), quiet);
      case 'tick': return (c.clock.advance(action.seconds), quiet);
      case 'concurrent': return this.batch(action.requests, batchSeed(formatAction(action), this.steps));
      default: return unknownAction(action);
    }
  }

  /**
   * Sends a batch's requests at once, each with what its client holds now, under a store latency
   * drawn from `seed` (in process; a store in other processes has its own). Each client then takes
   * the answers in the order they arrived: the credential delivered last is the one it keeps.
   */
  private async batch(requests: readonly BatchRequest[], seed: number): Promise<Observation> {
    const hub = this.cluster.hub;
    const tripsBefore = hub.trips;
    let arrived = 0;
    hub.latency = scheduledLatency(seed);
    let answers: { read: ReadResponse | null; observation: Observation; sent: SentRequest | null; delivered: number }[];
    try {
      answers = await Promise.all(requests.map(async (r) => {
        const client = this.client(r.user);
        if (!client.credential) return { read: null, observation: noCredential, sent: null, delivered: arrived++ };
        const [read, observation, sent] = await this.exchange({
          method: r.type === 'whoami' ? 'GET' : 'POST', path: r.type === 'whoami' ? '/me' : '/cart', credential: client.credential, affinity: client.affinity, owner: r.user,
        });
        return { read, observation: { ...observation, storeTrips: 0 }, sent, delivered: arrived++ };
      }));
    } finally {
      hub.latency = null;
    }
    for (const a of [...answers].sort((x, y) => x.delivered - y.delivered)) if (a.read && a.sent) afterResponse(this.client(a.sent.user), a.read);
    this.lastBatch = answers.map((a) => ({ ...record(a.observation, a.sent, a.read), delivered: a.delivered }));
    return { status: 200, storeTrips: hub.trips - tripsBefore };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.onClose();
  }

  private client(user: number): WireClient {
    const client = this.clients[user];
    if (!client) throw new ImplError('ERR_ACTION_DISABLED', `no user u${user} in this scope`);
    return client;
  }

  private async send(s: Send): Promise<[ReadResponse, Observation]> {
    const [read, observation, sent] = await this.exchange(s);
    this.last = [sent, read];
    return [read, observation];
  }

  /** One request and its answer; its round trips are the store's tally before and after (alone in flight: exact). */
  private async exchange(s: Send): Promise<[ReadResponse, Observation, SentRequest]> {
    const sent: SentRequest = {
      by: s.admin ? 'admin' : s.by ?? 'client', user: s.owner ?? s.user ?? -1, credential: s.credential, part: s.part ?? 'main',
      ...(s.forged ? { forged: true as const } : {}),
    };
    // Header pairs, copied once into the Request's own list (no intermediate Headers object).
    const headers: [string, string][] = [];
    const cookies = cookieHeader(s.credential, s.affinity);
    if (cookies !== null) headers.push(['cookie', cookies]);
    if (s.credential?.token) headers.push(['authorization', `Bearer ${s.credential.token}`]);
    if (s.admin) headers.push([ADMIN_KEY_HEADER, this.cluster.keys.adminKey]);
    let body: string | undefined;
    if (s.user !== undefined) body = JSON.stringify({ user: userName(s.user) });
    else if (s.credential?.refresh && (s.path === '/refresh' || s.path === '/logout')) body = JSON.stringify({ refreshToken: s.credential.refresh });
    if (body !== undefined) headers.push(['content-type', 'application/json']);
    const tripsBefore = this.cluster.hub.trips;
    const response = await this.transport(s.path, { method: s.method, headers, body });
    const read = await readResponse(response, s.credential);
    const bytes = s.credential ? credentialBytes(s.credential, s.part ?? 'main') : undefined;
    // Built field by field, in the model's key order (status, user, node, storeTrips, credentialBytes).
    const observation: { -readonly [K in keyof Observation]?: Observation[K] } = { status: read.status as Status };
    if (read.user !== undefined) observation.user = read.user;
    if (read.node !== undefined) observation.node = read.node;
    observation.storeTrips = this.cluster.hub.trips - tripsBefore;
    if (bytes !== undefined && read.node !== undefined) observation.credentialBytes = bytes;
    return [read, observation as Observation, sent];
  }
}

/** A step's record from its observation, the request sent and the answer read (none for faults and ticks). */
function record(observation: Observation, sent: SentRequest | null, read: ReadResponse | null): StepRecord {
  if (sent === null || read === null) return { observation, sent: null, issued: null, maxAge: null };
  return {
    observation, sent, issued: read.issued ?? null, maxAge: read.maxAge ?? null,
    ...(read.expires !== undefined ? { expires: read.expires } : {}), ...(read.resent ? { resent: true as const } : {}),
  };
}

/** Exhaustiveness: a new action type is a type error here (and a clear error at run time). */
function unknownAction(action: never): never {
  throw new ImplError('ERR_ACTION_DISABLED', `unknown action ${JSON.stringify(action)}`);
}
