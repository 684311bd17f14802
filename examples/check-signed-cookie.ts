/**
 * Checks the signed-cookie example against the `jwt` model and prints its verdicts and its row of
 * the comparison table. Run it with `npx tsx examples/check-signed-cookie.ts [runs]`.
 */
import { checkStrategy, type StrategyCheck } from '../index.ts';
import { signedCookieStrategy } from './signed-cookie.ts';

export async function checkSignedCookie(runs = 100): Promise<StrategyCheck> {
  return checkStrategy(signedCookieStrategy(), { model: 'jwt', runs, seed: 1 });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = await checkSignedCookie(Number(process.argv[2] ?? 100));
  for (const r of check.results) {
    console.log(`${r.verdict.padEnd(8)} ${r.property}${r.counterexample ? `  ← ${r.counterexample.actions.join(', ')}` : ''}`);
  }
  console.log(`\nconforms to the jwt model: ${check.conforms}`);
  console.log('table row:', check.table);
}
