/**
 * The users and the attacker, with the same rules as model/nextState.ts: a cookie jar per user,
 * the sticky pin, and the attacker's copy of the credential the user most recently gave up
 * (replaced by a new credential, logged out, or revoked).
 */
import type { WireCredential, ReadResponse } from './wire.ts';

/** One user's browser, plus what the attacker copied from it. */
export interface WireClient {
  credential: WireCredential | null;
  /** The balancer's affinity cookie value (sticky). */
  affinity: string | null;
  stolen: WireCredential | null;
}

/** A fresh client per user. */
export function newClients(users: number): WireClient[] {
  return Array.from({ length: users }, () => ({ credential: null, affinity: null, stolen: null }));
}

/** The client after a response to its own request: a new credential replaces the old, which the attacker keeps. */
export function afterResponse(client: WireClient, read: ReadResponse): void {
  if (read.affinity !== undefined) client.affinity = read.affinity;
  if (read.issued === undefined) return;
  client.stolen = client.credential ?? client.stolen;
  client.credential = read.issued;
}
