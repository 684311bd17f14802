/** Real verification runs for report tests, small enough to keep the suite quick. */
import { strategyIds } from '../../model/registry.ts';
import { propertyIds } from '../../properties/catalog.ts';
import type { VerifyReport } from '../../properties/results.ts';
import { runVerify } from '../../properties/runner.ts';

/** Every strategy × property on the model, with few runs (counterexamples are found within them). */
export function verifyAll(runs = 50, seed = 1): Promise<VerifyReport> {
  return runVerify({ target: 'model', strategies: strategyIds, properties: propertyIds, runs, seed });
}
