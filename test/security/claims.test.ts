/**
 * Claims a token's signature cannot make sane: a token signed with the system's own key but
 * claiming an infinite or absurd lifetime, or an issue time in the future, is refused.
 */
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { EPOCH_BASE, ManualClock } from '../../impl/clock.ts';
import { generateKeys, signingKeys, type KeyMaterial } from '../../impl/jwt/keys.ts';
import { MAX_TOKEN_LIFETIME_SECONDS, TokenService, TOKEN_TYPES } from '../../impl/jwt/tokens.ts';

/** A token signed with the system's own key over the exact claim text given (so `1e400` reaches the verifier as written). */
async function signedClaims(keys: KeyMaterial, iat: string, exp: string): Promise<string> {
  const body = `{"sub":"u0","iss":${JSON.stringify(keys.issuer)},"aud":${JSON.stringify(keys.audience)},"iat":${iat},"exp":${exp},"jti":"j1"}`;
  const { signKey } = await signingKeys(keys);
  return new CompactSign(new TextEncoder().encode(body)).setProtectedHeader({ alg: 'HS256', typ: TOKEN_TYPES.jwt }).sign(signKey);
}

describe('token lifetimes must be finite and sane', () => {
  const now = EPOCH_BASE;
  const cases: [string, string, string, boolean][] = [
    ['a normal hour', String(now), String(now + 3600), true],
    ['"exp": 1e400 (Infinity after JSON.parse)', String(now), '1e400', false],
    ['a fractional exp', String(now), `${now + 3600}.5`, false],
    ['a lifetime over the maximum', String(now), String(now + MAX_TOKEN_LIFETIME_SECONDS + 1), false],
    ['issued in the future', String(now + 60), String(now + 3600), false],
    ['exp before iat', String(now), String(now - 1), false],
  ];
  it.each(cases)('%s', async (_name, iat, exp, accepted) => {
    const keys = await generateKeys('HS256');
    const service = new TokenService(keys, new ManualClock());
    const token = await signedClaims(keys, iat, exp);
    expect((await service.verify('jwt', token)) !== null).toBe(accepted);
    expect((await service.verify('jwt', token, { allowExpired: true })) !== null).toBe(accepted);
  });

  it('the service never signs an expiry it would refuse', async () => {
    const service = new TokenService(await generateKeys('HS256'), new ManualClock());
    await expect(service.sign('jwt', { sub: 'u0', exp: Infinity })).rejects.toThrow(/not a whole unix time/);
    await expect(service.sign('jwt', { sub: 'u0', exp: EPOCH_BASE + MAX_TOKEN_LIFETIME_SECONDS + 1 })).rejects.toThrow(/not a whole unix time/);
    expect(await service.sign('jwt', { sub: 'u0', exp: EPOCH_BASE + 3600 })).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
