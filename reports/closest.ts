/** "Did you mean": the candidates nearest to a mistyped name by edit distance. */

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** Up to `limit` candidates, nearest first (ties alphabetical), case-insensitively. */
export function closest(name: string, candidates: readonly string[], limit = 3): string[] {
  const q = name.toLowerCase();
  return candidates
    // A candidate that contains the name ("revocation" in "revocation.instant") is nearer than any that does not.
    // Distance to the whole ID or to its leading parts ("revokation" is one typo from "revocation"
    // in "revocation.bounded"), whichever is nearer.
    .map((c) => ({ c, sub: c.toLowerCase().includes(q) ? 0 : 1, d: Math.min(...prefixes(c.toLowerCase()).map((p) => editDistance(q, p))) }))
    .sort((x, y) => x.sub - y.sub || x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0))
    .slice(0, limit)
    .map((x) => x.c);
}

/** The ID and its leading dotted parts: `a.b.c`, `a.b`, `a`. */
function prefixes(id: string): string[] {
  const parts = id.split('.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}
