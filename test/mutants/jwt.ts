/**
 * Mutants of `jwt`. Those that change keys, clock or what a node remembers wrap the built-in;
 * those that change how tokens are signed or verified run `forkedJwtNode`, a copy of the built-in
 * node (impl/strategies/jwt.ts) that takes its token service as a parameter.
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { clockDate, unixSeconds, type Clock } from '../../impl/clock.ts';
import { errorResponse, json } from '../../impl/http/respond.ts';
import { createApp } from '../../impl/http/app.ts';
import { userName } from '../../impl/http/incoming.ts';
import { StoreUnavailableError, unauthorized } from '../../impl/errors.ts';
import { signingKeys, type KeyMaterial } from '../../impl/jwt/keys.ts';
import { TOKEN_TYPES, TokenService, type TokenClaims, type TokenKind, type VerifiedToken } from '../../impl/jwt/tokens.ts';
import { fakeProfile, newUniqueId } from '../../impl/session/data.ts';
import { bearerToken } from '../../impl/strategies/credentials.ts';
import { addItemTo } from '../../impl/strategies/cart-claims.ts';
import { builtinStrategy } from '../../impl/strategies/index.ts';
import type { NodeContext, SessionNode, SessionStrategy } from '../../impl/strategy.ts';
import { pathOf, wallClock, withContext, wrapNodes } from './support.ts';

const jwt = builtinStrategy('jwt');

/** What the node needs of a token service. */
type Tokens = Pick<TokenService, 'sign' | 'verify'>;

// ---------------------------------------------------------------------------------------------
// A copy of the built-in node with its token service as a parameter.

function forkedJwtNode(ctx: NodeContext, tokens: Tokens): SessionNode {
  const { clock, scope, faker } = ctx;
  const verify = async (token: string) => (await tokens.verify('jwt', token)) ?? Promise.reject(unauthorized());

  const handle = createApp(
    {
      async login(user) {
        const exp = unixSeconds(clock) + scope.ttl.jwt;
        const token = await tokens.sign('jwt', { sub: userName(user), exp, profile: fakeProfile(faker), cart: [] });
        return json(200, { user: userName(user), token });
      },
      async me(incoming) {
        const { payload } = await verify(bearerToken(incoming));
        return json(200, { user: payload.sub });
      },
      async cart(incoming) {
        const { payload } = await verify(bearerToken(incoming));
        const token = await tokens.sign('jwt', addItemTo(payload, faker, scope.maxItems));
        return json(200, { user: payload.sub, token });
      },
      async logout(incoming) {
        if (!(await tokens.verify('jwt', bearerToken(incoming), { allowExpired: true }))) throw unauthorized();
        return json(200, { ok: true });
      },
      async refresh() {
        throw unauthorized('this strategy has no refresh tokens');
      },
      async revoke() {
        return json(200, { ok: true });
      },
    },
    { scope, adminKey: ctx.keys.adminKey, log: ctx.log },
  );
  return { handle, localSessionCount: () => 0, close: async () => {} };
}

function forkedJwt(name: string, tokens: (ctx: NodeContext) => Tokens): SessionStrategy {
  return { name, lbPolicy: 'round-robin', createNode: (ctx) => forkedJwtNode(ctx, tokens(ctx)) };
}

/** The unmutated copy (a test checks that it conforms to the jwt model, so the copy is faithful). */
export const forkedJwtUnmutated = forkedJwt('fork-jwt', (ctx) => new TokenService(ctx.keys, ctx.clock));

type Verified = VerifiedToken['payload'];

function wellTyped(payload: JWTPayload): payload is Verified {
  return typeof payload.sub === 'string' && typeof payload.jti === 'string' && typeof payload.iat === 'number';
}

// ---------------------------------------------------------------------------------------------

/** Tokens are issued and checked against wall time (`Date.now()`), not `ctx.clock`: they never expire in model time. */
export const jwtWallClock = withContext(jwt, 'jwt-wall-clock', (ctx) => ({ ...ctx, clock: wallClock }));

/** Tokens are minted without `exp`, and the verifier does not require one: they never expire. */
export const jwtNoExp = forkedJwt('jwt-no-exp', (ctx) => new NoExpTokens(ctx.keys, ctx.clock));

class NoExpTokens implements Tokens {
  constructor(private readonly keys: KeyMaterial, private readonly clock: Clock) {}

  async sign(kind: TokenKind, claims: TokenClaims): Promise<string> {
    const { sub, exp: _exp, ...rest } = claims;
    const { signKey } = await signingKeys(this.keys);
    return new SignJWT(rest).setProtectedHeader({ alg: this.keys.alg, typ: TOKEN_TYPES[kind] }).setSubject(sub)
      .setIssuer(this.keys.issuer).setAudience(this.keys.audience).setIssuedAt(unixSeconds(this.clock)).setJti(newUniqueId()).sign(signKey);
  }

  async verify(kind: TokenKind, token: string): Promise<VerifiedToken | null> {
    try {
      const { verifyKey } = await signingKeys(this.keys);
      const { payload } = await jwtVerify(token, verifyKey, {
        algorithms: [this.keys.alg], issuer: this.keys.issuer, audience: this.keys.audience, typ: TOKEN_TYPES[kind],
        requiredClaims: ['sub', 'iat', 'jti'], currentDate: clockDate(this.clock),
      });
      return wellTyped(payload) ? { payload, expired: false } : null;
    } catch {
      return null;
    }
  }
}

/** The verifier honours the token's own `alg` header: a token with `alg: none` is accepted unsigned. */
export const jwtAlgNone = forkedJwt('jwt-alg-none', (ctx) => {
  const checked = new TokenService(ctx.keys, ctx.clock);
  return {
    sign: checked.sign.bind(checked),
    async verify(kind, token, options) {
      try {
        if (decodeProtectedHeader(token).alg?.toLowerCase() === 'none') {
          const payload = decodeJwt(token);
          if (wellTyped(payload) && typeof payload.exp === 'number' && unixSeconds(ctx.clock) < payload.exp) return { payload, expired: false };
          return null;
        }
      } catch {
        return null;
      }
      return checked.verify(kind, token, options);
    },
  };
});

/** The verifier decodes the token and checks its claims (issuer, audience, type, expiry) but never its signature. */
export const jwtNoSignatureCheck = forkedJwt('jwt-no-signature-check', (ctx) => {
  const checked = new TokenService(ctx.keys, ctx.clock);
  return {
    sign: checked.sign.bind(checked),
    async verify(kind, token, options = {}) {
      try {
        const header = decodeProtectedHeader(token);
        const payload = decodeJwt(token);
        if (header.typ !== TOKEN_TYPES[kind] || payload.iss !== ctx.keys.issuer || payload.aud !== ctx.keys.audience || !wellTyped(payload)) return null;
        const expired = !(typeof payload.exp === 'number' && unixSeconds(ctx.clock) < payload.exp);
        return expired && !options.allowExpired ? null : { payload, expired };
      } catch {
        return null;
      }
    },
  };
});

const JWKS_PATH = '/.well-known/jwks.json';

/**
 * Each node generates its own ES256 key pair at boot and publishes the public key at
 * `/.well-known/jwks.json`; a node verifies other nodes' tokens with the keys the live nodes
 * publish. A token dies with the node incarnation that signed it (crash, restart, deploy).
 */
export const jwtKeysPerNode: SessionStrategy = {
  name: 'jwt-keys-per-node',
  lbPolicy: 'round-robin',
  async createNode(ctx) {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    const own = new TokenService({ ...ctx.keys, alg: 'ES256', signKey: privateKey, verifyKey: publicKey }, ctx.clock);
    const tokens: Tokens = {
      sign: own.sign.bind(own),
      async verify(kind, token, options) {
        const mine = await own.verify(kind, token, options);
        if (mine) return mine;
        for (const peer of ctx.peers()) {
          const response = await peer.send(new Request(new URL(JWKS_PATH, 'http://sessioncheck.internal'))).catch(() => null);
          if (response?.status !== 200) continue;
          const { keys } = await response.json() as { keys: Parameters<typeof importJWK>[0][] };
          const key = await importJWK(keys[0], 'ES256') as CryptoKey;
          const found = await new TokenService({ ...ctx.keys, alg: 'ES256', signKey: key, verifyKey: key }, ctx.clock).verify(kind, token, options);
          if (found) return found;
        }
        return null;
      },
    };
    const node = forkedJwtNode(ctx, tokens);
    return { ...node, handle: (request) => (pathOf(request) === JWKS_PATH ? Promise.resolve(json(200, { keys: [jwk] })) : node.handle(request)) };
  },
};

/** Each node signs with a secret of its own, generated at boot, instead of the system's shared key. */
export const jwtNodeLocalSecret: SessionStrategy = {
  name: 'jwt-node-local-secret',
  lbPolicy: 'round-robin',
  createNode: (ctx) => jwt.createNode({ ...ctx, keys: { ...ctx.keys, ...freshKeys(ctx.keys) } }),
};

/** A fresh signing key of the same algorithm (HS256, the default: a new secret). */
function freshKeys(keys: KeyMaterial): Pick<KeyMaterial, 'signKey' | 'verifyKey'> {
  if (keys.alg !== 'HS256') throw new Error(`this mutant makes HS256 secrets only, not ${keys.alg}`);
  const secret = new Uint8Array(randomBytes(32));
  return { signKey: secret, verifyKey: secret };
}

const rotated = new WeakMap<KeyMaterial, Pick<KeyMaterial, 'signKey' | 'verifyKey'>>();

/**
 * Nodes added after the system started run the next release, whose config carries a rotated
 * secret, and accept only tokens signed with it: a new node refuses every existing token.
 */
export const jwtNewNodeRotatedKey: SessionStrategy = {
  name: 'jwt-new-node-rotated-key',
  lbPolicy: 'round-robin',
  createNode(ctx) {
    if (ctx.nodeId < ctx.scope.nodes) return jwt.createNode(ctx);
    let next = rotated.get(ctx.keys);
    if (!next) rotated.set(ctx.keys, (next = freshKeys(ctx.keys)));
    return jwt.createNode({ ...ctx, keys: { ...ctx.keys, ...next } });
  },
};

/** Each node remembers who logged in through it (an "online users" list): per-client state in node memory. */
export const jwtOnlineUsers = wrapNodes(jwt, 'jwt-online-users', (inner) => {
  const online = new Set<string>();
  return {
    async handle(request) {
      const response = await inner.handle(request);
      if (pathOf(request) === '/login' && response.status === 200) online.add((await response.clone().json() as { user: string }).user);
      return response;
    },
    localSessionCount: () => online.size,
    close: () => inner.close(),
  };
});

/** Login records the user's last login time in the shared store (`last-login:uN`): per-client data in the store. */
/**
 * Login first reads a rate-limit switch from the shared store and fails closed (503) when the
 * store cannot be reached: a plain JWT then cannot log anyone in during a store outage.
 */
export const jwtLoginRateLimit = wrapNodes(jwt, 'jwt-login-rate-limit', (inner, ctx) => ({
  async handle(request) {
    if (pathOf(request) === '/login') {
      try {
        if (await ctx.store.get('login-rate-limit') === 'closed') return json(429, { error: 'ERR_RATE_LIMITED', message: 'too many logins' });
      } catch (error) {
        if (error instanceof StoreUnavailableError) return errorResponse(error);
        throw error;
      }
    }
    return inner.handle(request);
  },
  localSessionCount: () => (inner.localSessionCount?.() ?? 0),
  close: () => inner.close(),
}));

export const jwtLoginAudit = wrapNodes(jwt, 'jwt-login-audit', (inner, ctx) => ({
  async handle(request) {
    const response = await inner.handle(request);
    if (pathOf(request) !== '/login' || response.status !== 200) return response;
    const { user } = await response.clone().json() as { user: string };
    try {
      await ctx.store.set(`last-login:${user}`, String(unixSeconds(ctx.clock)));
    } catch (error) {
      if (error instanceof StoreUnavailableError) return errorResponse(error);
      throw error;
    }
    return response;
  },
  localSessionCount: () => (inner.localSessionCount?.() ?? 0),
  close: () => inner.close(),
}));
