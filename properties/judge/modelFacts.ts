/**
 * Step facts on the model: the knowledge is the ledger (the model's history variable) and the
 * probes are the model's `probe`. Used by the random runner on target `model` and by the
 * exhaustive search; a running system is judged from its own trace instead (`systemFacts.ts`).
 */
import { credentialBytes } from '../../model/credentialSize.ts';
import type { Edge } from '../../model/explore/types.ts';
import { liveNodes } from '../../model/lb.ts';
import { counterfactual, presentingRequest, probe } from '../../model/nextState.ts';
import type { LedgerEntry, Observation } from '../../model/types.ts';
import { ledgerEntry } from '../../model/world.ts';
import { heldCredentials, presented } from '../step.ts';
import type { CredentialFacts, ProbeAnswer, StepFacts } from './facts.ts';

class ModelFacts implements StepFacts {
  readonly action;
  readonly observation: Observation;
  readonly clock: number;
  readonly storeUp: boolean;
  readonly maxItems: number;
  private live: number[] | undefined;

  constructor(private readonly edge: Edge) {
    this.action = edge.action;
    this.observation = edge.observation;
    this.clock = edge.before.clock;
    this.storeUp = edge.before.store.up;
    this.maxItems = edge.scope.maxItems;
  }

  presented(): CredentialFacts | undefined {
    return presented(this.edge.before, this.edge.action);
  }

  clientCredential(user: number, when: 'before' | 'after'): CredentialFacts | undefined {
    const state = this.edge[when];
    const id = state.clients[user]?.credential?.main;
    return id === undefined ? undefined : ledgerEntry(state, id);
  }

  bytes(credential: CredentialFacts): number | undefined {
    const entry = this.entry(credential);
    return entry && credentialBytes(entry, this.edge.strategy.id);
  }

  items(credential: CredentialFacts): number {
    const entry = this.entry(credential);
    if (!entry) return 0;
    if (entry.kind !== 'session') return entry.items;
    const { after } = this.edge;
    for (const e of after.store.entries) if (e.kind === 'session' && e.id === entry.id) return e.items;
    for (const node of after.nodes) for (const s of node.sessions) if (s.id === entry.id) return s.items;
    return 0;
  }

  held(): readonly CredentialFacts[] {
    return heldCredentials(this.edge.after);
  }

  liveNodes(): readonly number[] {
    return (this.live ??= liveNodes(this.edge.after));
  }

  addedNode(): number | null {
    return this.action.type === 'addNode' ? this.edge.after.nodes.length - 1 : null;
  }

  probe(credential: CredentialFacts): readonly ProbeAnswer[] | null {
    const entry = this.entry(credential);
    if (!entry || entry.kind === 'refresh') return null;
    const { strategy, scope, after } = this.edge;
    const request = presentingRequest(entry);
    return this.liveNodes().map((n) => {
      const o = probe(strategy, scope, after, request, n);
      return o.user === undefined ? { node: n, status: o.status } : { node: n, status: o.status, user: o.user };
    });
  }

  localSessions(): readonly number[] | null {
    return this.edge.after.nodes.map((n) => n.sessions.length);
  }

  storeKeys(): readonly string[] | null {
    return this.edge.after.store.entries.map((e) => e.kind);
  }

  storeWouldAccept(): boolean | null {
    const { strategy, scope, before, action } = this.edge;
    return counterfactual(strategy, scope, before, action, { storeUp: true }).observation.status === 200;
  }

  rotatedOut(credential: CredentialFacts): boolean {
    return credential.kind === 'refresh' && this.edge.before.ledger.some((o) => o.kind === 'refresh' && o.family === credential.family && o.id > credential.id);
  }

  familyReused(credential: CredentialFacts): boolean {
    // The model's family record is revoked by reuse, logout or revoke; only reuse leaves the
    // ledger without an acknowledged logout or revoke in the family.
    const { before } = this.edge;
    const family = credential.family;
    if (family === null) return false;
    const revoked = before.store.entries.some((e) => e.kind === 'family' && e.id === family && e.revoked);
    return revoked && !before.ledger.some((e) => e.family === family && (e.loggedOutAt !== null || e.revokedAt !== null));
  }

  cartReads(): null {
    return null;
  }

  private entry(credential: CredentialFacts): LedgerEntry | undefined {
    return ledgerEntry(this.edge.after, credential.id) ?? ledgerEntry(this.edge.before, credential.id);
  }
}

let lastEdge: Edge | undefined;
let lastFacts: StepFacts | undefined;

/** The facts of one model transition (the last one is cached: every property reads the same edge). */
export function modelFacts(edge: Edge): StepFacts {
  if (edge !== lastEdge) {
    lastEdge = edge;
    lastFacts = new ModelFacts(edge);
  }
  return lastFacts!;
}
