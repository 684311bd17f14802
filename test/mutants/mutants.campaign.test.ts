/**
 * The flagged rows of table.ts whose check needs more than CAMPAIGN_RUNS runs (flagged.ts): part of
 * `npm run test:campaign`, not of `npm test`. In `npm test` the same bugs are still shown real
 * (mutants.test.ts, *every bug is real*), and central-store-node-cache and
 * jwt-denylist-counter-epoch are flagged there without luck by bounded-exhaustive testing
 * (test/properties/exhaustiveSystem.test.ts).
 */
import { describeFlagged, inCampaign } from './flagged.ts';
import { flagged } from './table.ts';

describeFlagged('mutants flagged today (campaign: the rows that need hundreds of runs)', flagged.filter(inCampaign));
