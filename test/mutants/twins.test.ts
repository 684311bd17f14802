/**
 * Unmutated twins, the quick ones (see twins.ts): each built-in, renamed and checked as a plug-in
 * with `checkStrategy`, gets exactly the verdicts `verify --target impl` gets for it. The token
 * strategies' twins are in twins.campaign.test.ts (`npm run test:campaign`).
 */
import { describeTwins, quickTwins } from './twins.ts';

describeTwins('unmutated twins', quickTwins);
