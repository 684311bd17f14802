/**
 * Guessing, the forgery no finite battery of tampered values can try: a credential whose values
 * come from a small space is forged by enumerating it. `safety.forged-rejected` therefore also asks
 * how many bits the credentials a system issues can carry, read off the system's own trace: the
 * values of {@link GUESS_SAMPLES} logins on one system, of the scope's users in turn. What an
 * attacker cannot know is what differs between credentials: a credential that is one signed value
 * per user (a MAC of the session, the same at every login) still differs between two users in
 * every position of its signature; a counter or a short random ID differs in few.
 *
 * The bound is an upper bound, so it never calls a strong credential weak: a character position
 * that takes the same value in every sample contributes nothing, every other position at most
 * log2 of the smallest common alphabet (digits, hex, one-case alphanumeric, alphanumeric,
 * base64/base64url, printable ASCII, bytes) that holds every character seen at a varying position,
 * and positions past the shortest sample count as varying. A position of a random value that is
 * the same in 24 samples has probability at most 10^-22, so the samples do not make a strong
 * credential look weak either. Below {@link MIN_CREDENTIAL_BITS} (OWASP's Session Management
 * Cheat Sheet: a session ID needs at least 64 bits of entropy) the credential is guessable: with
 * s live sessions, a guess of that shape is accepted with probability at least s / 2^bits.
 *
 * What the bound cannot see: a credential made of several cookies is bounded as a whole, so a
 * long random cookie the server never checks (a CSRF token, say) hides a short one that
 * authenticates; a value that is long but predictable (a hash of the user name and a timestamp)
 * passes. Signed tokens pass: their signatures vary in every position.
 */

/** Logins sampled on one system (run 0 of the check). */
export const GUESS_SAMPLES = 24;

/** OWASP's floor for a session identifier's entropy. */
export const MIN_CREDENTIAL_BITS = 64;

const ALPHABETS: readonly { readonly name: string; readonly size: number; readonly test: RegExp }[] = [
  { name: 'digits', size: 10, test: /^[0-9]*$/ },
  { name: 'hex', size: 16, test: /^[0-9a-f]*$|^[0-9A-F]*$/ },
  { name: 'one-case alphanumeric', size: 36, test: /^[0-9a-z]*$|^[0-9A-Z]*$/ },
  { name: 'alphanumeric', size: 62, test: /^[0-9A-Za-z]*$/ },
  { name: 'base64', size: 64, test: /^[0-9A-Za-z_\-]*$|^[0-9A-Za-z+/=]*$/ },
  { name: 'printable ASCII', size: 95, test: /^[\x20-\x7e]*$/ },
];

/** The bound on what `values` (the same credential, issued several times) can carry. */
export interface GuessBound {
  /** Upper bound on the bits of one value. */
  readonly bits: number;
  /** Character positions that are not the same in every sample. */
  readonly varying: number;
  /** The alphabet assumed for the varying positions. */
  readonly alphabet: string;
  readonly samples: number;
}

/** The upper bound of this file's comment on the bits one of `values` carries. */
export function guessBound(values: readonly string[]): GuessBound {
  if (values.length < 2) throw new Error(`a guess bound needs at least two samples, got ${values.length}`);
  const shortest = Math.min(...values.map((v) => v.length));
  const longest = Math.max(...values.map((v) => v.length));
  let varying = longest - shortest;
  // The characters the varying positions take: the constant ones (a cookie's name) are no part of what is guessed.
  let seen = values.map((v) => v.slice(shortest)).join('');
  for (let i = 0; i < shortest; i++) {
    if (values.every((v) => v[i] === values[0][i])) continue;
    varying++;
    for (const v of values) seen += v[i];
  }
  const all = seen;
  const alphabet = ALPHABETS.find((a) => a.test.test(all)) ?? { name: 'bytes', size: 256 };
  return { bits: varying * Math.log2(alphabet.size), varying, alphabet: alphabet.name, samples: values.length };
}

/** How the bound reads in a finding. */
export function describeBound(what: string, bound: GuessBound, example: string): string {
  return `${what} is guessable: over ${bound.samples} logins on one system only ${bound.varying} character position(s) vary (${bound.alphabet}), so it carries at most ${bound.bits.toFixed(1)} bits, fewer than the ${MIN_CREDENTIAL_BITS} a credential needs (OWASP); with s live sessions a guess of its shape is accepted with probability at least s / 2^${Math.floor(bound.bits)}. One value: ${JSON.stringify(example).slice(0, 200)}`;
}
