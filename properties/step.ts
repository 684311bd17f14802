/**
 * The model's ledger as step facts need it (modelFacts.ts): which credential a request presented,
 * and which credentials clients and the attacker hold. The predicates' own helpers are in
 * checks/common.ts, over step facts.
 */
import type { Action, LedgerEntry, State } from '../model/types.ts';
import { issuedTo } from '../model/actions.ts';
import { heldIds, ledgerEntry } from '../model/world.ts';

/** The ledger entry of the credential a request presented (undefined for logins, faults, ticks). */
export function presented(before: State, action: Action): LedgerEntry | undefined {
  // A switch, not a match chain: this runs for several properties on every step.
  let id: number | null | undefined;
  switch (action.type) {
    case 'whoami':
    case 'addItem':
    case 'logout':
      id = before.clients[action.user].credential?.main;
      break;
    case 'refresh':
      id = before.clients[action.user].credential?.refresh;
      break;
    case 'replayStolen':
      id = before.clients[action.user].stolen?.main;
      break;
    case 'replayRefresh':
      id = before.clients[action.user].stolen?.refresh;
      break;
    case 'replayOlder':
      id = before.clients[action.user].older?.main;
      break;
    case 'replayIssued':
      return issuedTo(before, action.user, action.index);
    default:
      return undefined;
  }
  return id === undefined || id === null ? undefined : ledgerEntry(before, id);
}

/** Every credential clients and the attacker hold, each once. */
export function heldCredentials(state: State): LedgerEntry[] {
  return [...heldIds(state)].sort((a, b) => a - b).map((id) => ledgerEntry(state, id)).filter((e): e is LedgerEntry => e !== undefined);
}
