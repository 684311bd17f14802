import type { Scope, Ttls } from './types.ts';

/** The default lifetimes (docs/model.md, "TTLs and the default scope"): session 30 min absolute, jwt 1 h, access 5 min, refresh 24 h. */
export const defaultTtls: Ttls = { session: 1800, jwt: 3600, access: 300, refresh: 86_400 };

/**
 * The default scope: 2 users, 2 nodes (scaling out to 3), carts of up to 50 items (enough for a
 * JWT carrying the cart to pass 4096 bytes), two days of clock.
 */
export const defaultScope: Scope = {
  users: 2,
  nodes: 2,
  maxNodes: 3,
  maxItems: 50,
  maxClock: 2 * 86_400,
  ticks: [60, 300, 3600],
  ttl: defaultTtls,
};

/** A scope with some fields replaced. */
export function makeScope(overrides: Partial<Scope> = {}): Scope {
  const scope = { ...defaultScope, ...overrides };
  if (!Number.isInteger(scope.users) || scope.users < 1) throw new RangeError(`scope.users must be a whole number ≥ 1, got ${scope.users}`);
  if (!Number.isInteger(scope.nodes) || scope.nodes < 1) throw new RangeError(`scope.nodes must be a whole number ≥ 1, got ${scope.nodes}`);
  if (scope.maxNodes < scope.nodes) return { ...scope, maxNodes: scope.nodes };
  return scope;
}
