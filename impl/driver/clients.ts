/**
 * The users and the attacker, with the same rules as model/nextState.ts: a cookie jar per user,
 * the sticky pin, and the attacker's copies of the last two credentials the user gave up
 * (replaced by a new credential, logged out, or revoked): `stolen` the newest, `older` the one before;
 * and every credential ever issued to the user (`issued`), which the attacker holds too.
 */
import type { WireCredential, ReadResponse } from './wire.ts';

/** One user's browser, plus what the attacker copied from it. */
export interface WireClient {
  credential: WireCredential | null;
  /** The balancer's affinity cookie value (sticky). */
  affinity: string | null;
  stolen: WireCredential | null;
  /** The attacker's copy of the credential given up before `stolen`. */
  older: WireCredential | null;
  /** The jar's credential was planted by the attacker (`plant`): the next login sends it, as a browser would. */
  planted: boolean;
  /**
   * Every credential ever issued to this user, in issue order (to the user, or to the attacker
   * refreshing with a stolen token): the attacker holds them all (`replayIssued(uN,K)` presents the K-th).
   */
  issued: WireCredential[];
}

/** A fresh client per user. */
export function newClients(users: number): WireClient[] {
  return Array.from({ length: users }, () => ({ credential: null, affinity: null, stolen: null, older: null, planted: false, issued: [] }));
}

/** The client after a response to its own request: a new credential replaces the old, which the attacker keeps. */
export function afterResponse(client: WireClient, read: ReadResponse): void {
  if (read.affinity !== undefined) client.affinity = read.affinity;
  if (read.issued === undefined) return;
  attackerKeeps(client, client.credential);
  client.credential = read.issued;
  client.issued.push(read.issued);
  client.planted = false;
}

/** The attacker now also holds `given` (the newest copy; the one it replaces becomes the older). The same credential again changes nothing. */
export function attackerKeeps(client: WireClient, given: WireCredential | null): void {
  if (given === null || given === client.stolen) return;
  client.older = client.stolen ?? client.older;
  client.stolen = given;
}
