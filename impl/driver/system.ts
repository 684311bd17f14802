/**
 * The system under test as the property runner sees it: `step(action)` plays one model action
 * against a real cluster and returns an Observation shaped exactly like the model's. Requests
 * go through the balancer (in-process or over loopback sockets); the round trips are read from
 * the store client's counter, never declared.
 */
import type { Action, Observation, Status } from '../../model/index.ts';
import { ImplError } from '../errors.ts';
import { ADMIN_KEY_HEADER } from '../http/app.ts';
import { userName } from '../http/incoming.ts';
import type { DrivenCluster } from './driven.ts';
import { afterResponse, newClients, type WireClient } from './clients.ts';
import { cookieHeader, credentialBytes, readResponse, type ReadResponse, type WireCredential } from './wire.ts';

/** A running implementation driven one model action at a time. */
export interface SystemUnderTest {
  /** Plays one action; the observation is comparable with the model's `nextState` observation. */
  step(action: Action): Promise<Observation>;
  /** Per-client records each node holds in memory (for `stateless.no-node-memory`). */
  localSessionCounts(): number[];
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
}

/** The driver: clients, the attacker, and the fault switches, over one cluster. */
export class Driver implements SystemUnderTest {
  private readonly clients: WireClient[];
  private closed = false;

  constructor(private readonly cluster: DrivenCluster, private readonly transport: Transport, users: number, private readonly onClose: () => Promise<void>) {
    this.clients = newClients(users);
  }

  async step(action: Action): Promise<Observation> {
    if (this.closed) throw new ImplError('ERR_SYSTEM_CLOSED', 'step() after close()');
    const c = this.cluster;
    switch (action.type) {
      case 'login': {
        const client = this.client(action.user);
        const [read, obs] = await this.send({ method: 'POST', path: '/login', credential: null, affinity: client.affinity, user: action.user });
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
          method: type === 'whoami' ? 'GET' : 'POST', path, credential: client.credential, affinity: client.affinity,
          part: type === 'refresh' ? 'refresh' : 'main',
        });
        afterResponse(client, read);
        return obs;
      }
      case 'logout': {
        const client = this.client(action.user);
        const credential = client.credential;
        if (!credential) return noCredential;
        const [read, obs] = await this.send({ method: 'POST', path: '/logout', credential, affinity: client.affinity });
        // Whatever the answer, the client forgets the credential and the attacker keeps a copy.
        if (read.affinity !== undefined) client.affinity = read.affinity;
        client.credential = null;
        client.stolen = credential;
        return obs;
      }
      case 'replayStolen': {
        const stolen = this.client(action.user).stolen;
        if (!stolen) return noCredential;
        return (await this.send({ method: 'GET', path: '/me', credential: stolen, affinity: null }))[1];
      }
      case 'replayRefresh': {
        const client = this.client(action.user);
        if (!client.stolen) return noCredential;
        const [read, obs] = await this.send({ method: 'POST', path: '/refresh', credential: client.stolen, affinity: null, part: 'refresh' });
        if (read.issued) client.stolen = read.issued; // the attacker keeps whatever it was given
        return obs;
      }
      case 'revoke': {
        const [, obs] = await this.send({ method: 'POST', path: '/admin/revoke', credential: null, affinity: null, user: action.user, admin: true });
        const client = this.client(action.user);
        if (client.credential) client.stolen = client.credential;
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
      default: return unknownAction(action);
    }
  }

  localSessionCounts(): number[] {
    return this.cluster.localSessionCounts();
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
    return [read, observation as Observation];
  }
}

/** Exhaustiveness: a new action type is a type error here (and a clear error at run time). */
function unknownAction(action: never): never {
  throw new ImplError('ERR_ACTION_DISABLED', `unknown action ${JSON.stringify(action)}`);
}
