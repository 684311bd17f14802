/**
 * The attacker's forgeries inside generated programs (`forge(uN)`): a credential none of whose
 * parts the system issued, built from what user N holds (its current credential, else the
 * attacker's newest copy) under the wire conventions, so any plug-in meets it. A token is forged
 * as a whole (another key, `alg: none`, a flipped signature or payload bit, a tampered `sub`, a
 * truncation, an expired one signed with the right key); a cookie credential has every
 * cookie of it tampered the same way (a random ID of the same shape, a flipped character, a
 * guessed neighbour, a truncation), so no valid part is left to authenticate it.
 *
 * Which forgery a step sends is the program's k-th `forge` modulo the recipes below: the action
 * string stays `forge(uN)`, and a replay of the same program sends the same forgeries (every
 * recipe here is the same bytes for the same input; algorithm confusion and other randomised
 * recipes stay in the implementation check, `properties/security/forgedRejected.ts`, which sends
 * thousands). Removing an earlier `forge` from a program shifts the recipes of the later ones, so
 * a shrunk counterexample may keep a refused forgery before the accepted one.
 */
import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import type { KeyMaterial } from '../impl/jwt/keys.ts';
import type { WireCredential } from '../impl/driver/wire.ts';
import { forge, type Recipe } from './security/forgeries.ts';
import { sameShape } from './security/session.ts';

/** A recipe of `forgeries.ts`, or one of this file's deterministic ones (the same bytes for the same program). */
export type ProgramRecipe = Recipe | 'same-shape' | 'wrong-key';

/** Recipes for tokens, taken in turn (the k-th forge of a program uses `k % length`). */
export function tokenRecipe(k: number): ProgramRecipe {
  const recipes: ProgramRecipe[] = [
    'wrong-key',
    { kind: 'alg-none', variant: k % 16, signature: 'empty' },
    { kind: 'bit-flip', segment: 2, byte: k * 7, bit: k % 8 },
    { kind: 'claim-tamper', claim: 'sub' },
    { kind: 'truncate', keep: k * 13 },
    { kind: 'bit-flip', segment: 1, byte: k * 11, bit: (k + 3) % 8 },
    { kind: 'expired', secondsAgo: 60 + k },
  ];
  return recipes[k % recipes.length];
}

/** Recipes for cookie values, taken in turn. */
export function cookieRecipe(k: number): ProgramRecipe {
  const recipes: ProgramRecipe[] = [
    'same-shape',
    { kind: 'char-flip', position: k * 5, bit: k % 7 },
    { kind: 'guessed-id', guess: 'neighbour', n: k % 64 },
    { kind: 'truncate', keep: k * 3 },
  ];
  return recipes[k % recipes.length];
}

/** Bytes derived from `k` and `value` (the forgeries are the same bytes for the same program). */
function derived(k: number, value: string, length: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < length; i++) out.push(createHash('sha256').update(`${k}:${i}:${value}`).digest());
  return Buffer.concat(out).subarray(0, length);
}

/** The token's claims re-signed with HS256 under a key the system never had. */
async function wrongKey(token: string, k: number, typ: string): Promise<string> {
  return new SignJWT(decodeJwt(token)).setProtectedHeader({ alg: 'HS256', typ }).sign(derived(k, 'wrong-key', 32));
}

function typOf(token: string): string {
  try {
    const typ = decodeProtectedHeader(token).typ;
    return typeof typ === 'string' ? typ : 'JWT';
  } catch {
    return 'JWT';
  }
}

/** The recipe a forgery of `credential` uses at the program's k-th forge (for messages). */
export function recipeOf(credential: WireCredential, k: number): ProgramRecipe {
  return credential.token !== null ? tokenRecipe(k) : cookieRecipe(k);
}

/**
 * The k-th forgery of `credential`: its token forged (cookies, if any, tampered too), else every
 * cookie tampered; never a refresh token (the forgery goes to `GET /me`). A recipe that leaves a
 * value as it was (a truncation keeping all of it) is pushed to tamper anyway, so the forgery is
 * never the credential itself.
 */
export async function forgeCredential(credential: WireCredential, k: number, keys: KeyMaterial, now: number): Promise<WireCredential> {
  const tamper = async (value: string, recipe: ProgramRecipe, typ: string): Promise<string> => {
    const forged = recipe === 'same-shape' ? sameShape(value, derived(k, value, value.length)) : recipe === 'wrong-key' ? await wrongKey(value, k, typ) : (await forge(recipe, { valid: value, keys, now, typ })).value;
    return forged === value ? `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}` : forged;
  };
  const cookies: Record<string, string> = {};
  for (const [name, value] of Object.entries(credential.cookies)) cookies[name] = await tamper(value, cookieRecipe(k), 'session');
  const token = credential.token === null ? null : await tamper(credential.token, tokenRecipe(k), typOf(credential.token));
  return { cookies, token, refresh: null };
}
