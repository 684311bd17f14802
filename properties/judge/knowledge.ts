/**
 * Knowledge rebuilt from a system's own trace: the ledger, as the harness can know it from what
 * the system said. Nothing here reads the model.
 *
 * - Identity is the exact value: a re-sent identical cookie or token is the same credential;
 *   cookies issued together are one credential; the balancer's affinity cookie is none.
 * - A credential issued in answer to a request that presented another one derives from it and
 *   inherits its marks (owner, revocation, logout, faults, lineage); a login derives from nothing.
 * - Only acknowledged (200) logouts and revokes mark anything.
 * - A credential's lifetime is the one it was promised: the token's `exp`, else the cookie's
 *   `Max-Age`, else its `Expires`, else the declared TTL of its kind.
 * - "The store would accept it" at a node: that node last accepted it (an answer or a probe) while
 *   the store was up, with nothing acknowledged since that invalidates it, no wipe and no fault of
 *   that node since, and its lifetime not over; "would refuse": that node last refused it while the
 *   store was up, with no wipe and no fault of that node since. Per node, because a node's own
 *   memory (in-memory, sticky) decides as much as the store does.
 */
import { EPOCH_BASE } from '../../impl/clock.ts';
import type { Jar, StepRecord, WireCredential } from '../../impl/driver/system.ts';
import type { Action, CredentialKind, Scope } from '../../model/types.ts';
import { Fault } from '../../model/types.ts';
import type { CredentialFacts } from './facts.ts';

/** One credential as the trace shows it. */
export interface KnownCredential extends CredentialFacts {
  /** The exact value (the identity). */
  readonly key: string;
  /** What to present to probe it (main credentials only). */
  readonly wire: WireCredential;
  readonly part: 'main' | 'refresh';
  /** The credential it derives from (lineage), if any. */
  readonly parent: number | null;
  /** Acknowledged cart items of its session. */
  readonly items: number;
  /** Bytes it adds to a request, measured. */
  readonly bytes: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The identity of a credential's main part: its token, else its cookies. */
export function mainKey(c: WireCredential): string | null {
  if (c.token !== null) return `t:${c.token}`;
  const names = Object.keys(c.cookies).sort();
  return names.length === 0 ? null : `c:${names.map((n) => `${n}=${c.cookies[n]}`).join('; ')}`;
}

function refreshKey(c: WireCredential): string | null {
  return c.refresh === null ? null : `r:${c.refresh}`;
}

/** The `exp` claim of a compact JWS, in model seconds, if the value is one. */
function tokenExpiry(value: string): number | null {
  const parts = value.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    const exp = (payload as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp - EPOCH_BASE : null;
  } catch {
    return null;
  }
}

export class Knowledge {
  private readonly known: Mutable<KnownCredential>[] = [];
  private readonly byKey = new Map<string, Mutable<KnownCredential>>();
  private readonly reusedFamilies = new Set<number>();
  /** Per credential, each node's last word on it while the store was up (see the file comment). */
  private readonly views = new Map<number, Map<number, 'accepted' | 'refused'>>();
  clock = 0;
  storeUp = true;

  constructor(private readonly scope: Scope) {}

  /** The credential with this exact value, if it was ever seen. */
  lookup(key: string | null): KnownCredential | undefined {
    return key === null ? undefined : this.byKey.get(key);
  }

  /** The main credential a jar entry holds. */
  main(c: WireCredential | null): KnownCredential | undefined {
    return c === null ? undefined : this.lookup(mainKey(c));
  }

  /** What a request presented: its refresh token for `/refresh`, else its main credential. */
  presentedBy(record: StepRecord): KnownCredential | undefined {
    const sent = record.sent;
    if (!sent || sent.credential === null) return undefined;
    return this.lookup(sent.part === 'refresh' ? refreshKey(sent.credential) : mainKey(sent.credential));
  }

  /** Every credential held in the jars (main parts, then refresh tokens), each once, oldest first. */
  held(jars: readonly Jar[]): KnownCredential[] {
    const ids = new Set<number>();
    for (const jar of jars) {
      for (const c of [jar.credential, jar.stolen, jar.older]) {
        if (c === null) continue;
        const m = this.lookup(mainKey(c));
        const r = this.lookup(refreshKey(c));
        if (m) ids.add(m.id);
        if (r) ids.add(r.id);
      }
    }
    return [...ids].sort((a, b) => a - b).map((id) => this.known[id - 1]);
  }

  /** A frozen copy (facts "as known before the step" must not move when the step is applied). */
  snapshot(c: KnownCredential | undefined): KnownCredential | undefined {
    return c && { ...c };
  }

  /** Whether the store, up, would let node `node` accept `c` now: true, false, or null when unknown. */
  storeWouldAccept(c: CredentialFacts, node: number | undefined, clock: number): boolean | null {
    const view = node === undefined ? undefined : this.views.get(c.id)?.get(node);
    if (view === 'refused') return false;
    return view === 'accepted' && clock < c.expiresAt ? true : null;
  }

  /**
   * Whether the store, up, would let a request that presents no client credential through: a
   * login or an admin revoke is always accepted with the store up (the six routes' contract,
   * impl/strategy.ts), so the answer is true for those and null (unknown) for anything else.
   */
  storeWouldAcceptUncredentialed(action: Action): boolean | null {
    return action.type === 'login' || action.type === 'revoke' ? true : null;
  }

  /** Probe answers taken while the store was up tell each node's word on each credential. */
  observeProbes(answers: ReadonlyMap<number, readonly { node: number; status: number }[]>): void {
    if (!this.storeUp) return;
    for (const [id, row] of answers) for (const a of row) this.setView(id, a.node, a.status);
  }

  private setView(id: number, node: number, status: number): void {
    if (status !== 200 && status !== 401) return;
    let view = this.views.get(id);
    if (!view) this.views.set(id, (view = new Map()));
    view.set(node, status === 200 ? 'accepted' : 'refused');
  }

  /** Forgets what a node said (it restarted empty) or, with no node, what every node accepted of `ids`. */
  private forget(node: number | null, ids?: ReadonlySet<number>): void {
    for (const [id, view] of this.views) {
      if (node !== null) view.delete(node);
      else if (ids?.has(id)) for (const [n, v] of view) if (v === 'accepted') view.delete(n);
    }
  }

  rotatedOut(c: CredentialFacts): boolean {
    return c.kind === 'refresh' && c.family !== null && this.known.some((o) => o.kind === 'refresh' && o.family === c.family && o.id > c.id);
  }

  familyReused(c: CredentialFacts): boolean {
    return c.family !== null && this.reusedFamilies.has(c.family);
  }

  /**
   * Applies one step. `refusedBeforeWipe`: for a store wipe, the credentials every live node
   * refused just before it (from the probes the runner took).
   */
  apply(action: Action, record: StepRecord, refusedBeforeWipe: ReadonlySet<number> = new Set()): void {
    const status = record.observation.status;
    const presented = this.byKeyOf(this.presentedBy(record));
    switch (action.type) {
      case 'tick':
        this.clock += action.seconds;
        return;
      case 'crash':
        this.forget(action.node);
        return this.markFault(Fault.crash);
      case 'drain':
        this.forget(action.node);
        return this.markFault(Fault.drain);
      case 'restart':
        this.forget(action.node);
        return;
      case 'addNode':
        return;
      case 'storeDown':
        this.storeUp = false;
        return this.markFault(Fault.storeOutage);
      case 'storeUp':
        this.storeUp = true;
        return;
      case 'storeWipe':
        this.storeUp = true;
        this.markFault(Fault.storeWipe);
        for (const c of this.known) {
          if (c.revokedAt !== null) c.wipedSinceRevoked = true;
          if (c.loggedOutAt !== null) c.wipedSinceLoggedOut = true;
          if (refusedBeforeWipe.has(c.id)) c.refusedBeforeWipe = true;
        }
        this.views.clear();
        return;
      default:
        break;
    }
    // A request. Reuse of a rotated-out refresh token is noted before anything is issued.
    if (presented && presented.kind === 'refresh' && this.storeUp && this.clock < presented.expiresAt && this.rotatedOut(presented) && presented.family !== null) {
      this.reusedFamilies.add(presented.family);
    }
    const node = record.observation.node;
    // A login's answer says nothing of a credential it was sent (one the attacker planted).
    if (presented && this.storeUp && node !== undefined && action.type !== 'logout' && action.type !== 'login') this.setView(presented.id, node, status);
    if (action.type === 'addItem' && status === 200 && presented) {
      presented.items = Math.min(this.scope.maxItems, presented.items + 1);
    }
    if (status === 200 && record.issued) for (const c of this.issue(action, record, presented)) if (this.storeUp && node !== undefined) this.setView(c.id, node, 200);
    const invalidated = new Set<number>();
    if (status === 200 && action.type === 'logout' && record.sent?.credential) {
      const marked = [presented, this.byKeyOf(this.lookup(refreshKey(record.sent.credential)))];
      const lineages = new Set(marked.flatMap((c) => (c ? [this.lineage(c)] : [])));
      for (const c of this.known) {
        if (c.loggedOutAt === null && lineages.has(this.lineage(c))) {
          c.loggedOutAt = this.clock;
          c.wipedSinceLoggedOut = false;
          invalidated.add(c.id);
        }
      }
    }
    if (status === 200 && action.type === 'revoke') {
      for (const c of this.known) {
        if (c.owner === action.user && (c.revokedAt === null || c.wipedSinceRevoked)) {
          c.revokedAt = this.clock;
          c.wipedSinceRevoked = false;
          invalidated.add(c.id);
        }
      }
    }
    if (invalidated.size > 0) this.forget(null, invalidated);
  }

  private byKeyOf(c: KnownCredential | undefined): Mutable<KnownCredential> | undefined {
    return c && this.byKey.get(c.key);
  }

  /** A credential's lineage: its refresh-token family, else the login it descends from. */
  private lineage(c: KnownCredential): number {
    if (c.family !== null) return c.family;
    let at: KnownCredential = c;
    while (at.parent !== null) at = this.known[at.parent - 1];
    return at.id;
  }

  private markFault(fault: number): void {
    for (const c of this.known) c.faults |= fault;
  }

  /** Records what a 200 issued: a login's fresh credential, or one derived from the presented one. */
  private issue(action: Action, record: StepRecord, presented: Mutable<KnownCredential> | undefined): KnownCredential[] {
    const issued = record.issued!;
    const parent = action.type === 'login' ? undefined : presented;
    const owner = action.type === 'login' ? action.user : parent?.owner;
    const out: KnownCredential[] = [];
    if (owner === undefined) return out;
    const sentMain = record.sent?.credential ? mainKey(record.sent.credential) : null;
    const sentRefresh = record.sent?.credential ? refreshKey(record.sent.credential) : null;
    const rKey = refreshKey(issued);
    let refresh: Mutable<KnownCredential> | undefined;
    if (rKey !== null && rKey !== sentRefresh && !this.byKey.has(rKey)) {
      refresh = this.add(rKey, 'refresh', 'refresh', issued, owner, parent, record, parent?.kind === 'refresh' ? parent.family : null);
      if (refresh.family === null) refresh.family = refresh.id;
      out.push(refresh);
    }
    const mKey = mainKey(issued);
    if (mKey !== null && mKey !== sentMain && !this.byKey.has(mKey)) {
      const kind: CredentialKind = issued.token === null ? 'session' : issued.refresh !== null ? 'access' : 'jwt';
      const family = refresh?.family ?? (parent?.kind === 'refresh' ? parent.family : parent?.family ?? null);
      const main = this.add(mKey, 'main', kind, issued, owner, parent, record, family);
      out.push(main);
    }
    return out;
  }

  private add(key: string, part: 'main' | 'refresh', kind: CredentialKind, wire: WireCredential, owner: number, parent: KnownCredential | undefined,
    record: StepRecord, family: number | null): Mutable<KnownCredential> {
    const value = part === 'refresh' ? wire.refresh! : wire.token;
    const exp = value !== null ? tokenExpiry(value) : Object.values(wire.cookies).map(tokenExpiry).find((e) => e !== null) ?? null;
    const ttl = { session: this.scope.ttl.session, jwt: this.scope.ttl.jwt, access: this.scope.ttl.access, refresh: this.scope.ttl.refresh }[kind];
    // The token's exp, else the cookie's Max-Age, else its Expires (an absolute date on the
    // injected clock), else the declared TTL of its kind.
    const cookieLifetime = part !== 'main' ? null : record.maxAge !== null ? this.clock + record.maxAge : record.expires !== undefined ? record.expires - EPOCH_BASE : null;
    const expiresAt = exp ?? cookieLifetime ?? this.clock + ttl;
    const bytes = part === 'refresh' ? Buffer.byteLength(wire.refresh!) : value !== null ? Buffer.byteLength(value)
      : Object.values(wire.cookies).reduce((n, v) => n + Buffer.byteLength(v), 0);
    const c: Mutable<KnownCredential> = {
      id: this.known.length + 1, key, wire, part, kind, owner, issuedAt: this.clock, expiresAt, family,
      parent: parent?.id ?? null, items: parent?.items ?? 0, bytes,
      revokedAt: parent?.revokedAt ?? null, loggedOutAt: parent?.loggedOutAt ?? null, faults: parent?.faults ?? 0,
      wipedSinceRevoked: parent?.wipedSinceRevoked ?? false, wipedSinceLoggedOut: parent?.wipedSinceLoggedOut ?? false,
      refusedBeforeWipe: parent?.refusedBeforeWipe ?? false,
    };
    this.known.push(c);
    this.byKey.set(key, c);
    return c;
  }
}
