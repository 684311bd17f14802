/**
 * The load balancer's policies, the same as the model's (model/lb.ts): round-robin takes the
 * first live node at or after the pointer and moves the pointer past it; sticky sends a request
 * whose affinity cookie names a live node there, otherwise round-robin (HAProxy's `option
 * redispatch`), and every response re-pins the cookie. Used by both the in-process cluster and
 * the reverse-proxy server, so the two targets cannot route differently.
 */
import type { LbPolicy } from '../../model/index.ts';
import { serializeCookie } from '../http/cookies.ts';

/** The affinity cookie (HAProxy's `cookie SERVERID insert` in spirit). */
export const AFFINITY_COOKIE = 'lb';
/** Response header naming the node that served a request (`n0`). */
export const NODE_HEADER = 'x-sessioncheck-node';

/** Liveness the balancer sees (its health checks are exact, as in the model). */
export interface Backends {
  count(): number;
  isLive(node: number): boolean;
}

/** Routing state: the policy and the round-robin pointer. */
export class Balancer {
  private pointer = 0;
  /** {@link Balancer.responseHeaders} per node: they depend only on the node and the policy. */
  private readonly added: [string, string][][] = [];

  constructor(readonly policy: LbPolicy, private readonly backends: Backends) {}

  /** The node for a request carrying `affinity`, or null when no node is live (503). */
  pick(affinity: number | null): number | null {
    if (this.policy === 'sticky' && affinity !== null && affinity < this.backends.count() && this.backends.isLive(affinity)) return affinity;
    const n = this.backends.count();
    for (let k = 0; k < n; k++) {
      const node = (this.pointer + k) % n;
      if (this.backends.isLive(node)) {
        this.pointer = (node + 1) % n;
        return node;
      }
    }
    return null;
  }

  /** Headers the balancer adds to a node's response: who served it, and (sticky) the pin. */
  responseHeaders(node: number): readonly (readonly [string, string])[] {
    let headers = this.added[node];
    if (headers === undefined) {
      headers = [[NODE_HEADER, nodeName(node)]];
      if (this.policy === 'sticky') headers.push(['set-cookie', serializeCookie(AFFINITY_COOKIE, nodeName(node))]);
      this.added[node] = headers;
    }
    return headers;
  }
}

/** `n3` for node 3. */
export function nodeName(node: number): string {
  return `n${node}`;
}

/** Node index from `n3`, or null. */
export function nodeIndex(name: string | null | undefined): number | null {
  const m = name ? /^n(0|[1-9][0-9]{0,3})$/.exec(name) : null;
  return m ? Number(m[1]) : null;
}

/**
 * The node an affinity cookie names. Read leniently on purpose: a balancer that cannot read the
 * cookie routes round-robin rather than refusing the request (the app judges the rest).
 */
export function affinityFromCookieHeader(header: string | null): number | null {
  if (!header) return null;
  const m = /(?:^|;)\s*lb=(n\d{1,4})\s*(?:;|$)/.exec(header);
  return m ? nodeIndex(m[1]) : null;
}
