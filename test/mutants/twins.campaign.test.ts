/**
 * Unmutated twins of the token strategies (see twins.ts), which need 120–150 runs on both sides
 * (25–40 s each on 2 cores): part of `npm run test:campaign`, not of `npm test`.
 */
import { strategyIds } from '../../model/registry.ts';
import { describeTwins, quickTwins } from './twins.ts';

describeTwins('unmutated twins (campaign: the token strategies)', strategyIds.filter((id) => !quickTwins.includes(id)));
