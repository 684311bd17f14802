import { defineConfig } from 'vitest/config';

/**
 * The campaigns, `npm run test:campaign`: test files named `*.campaign.test.ts`, longer runs kept
 * out of `npm test`'s ~5-minute budget. The rest of the settings are vitest.config.ts's.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.campaign.test.ts'],
    allowOnly: false,
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/summaryReporter.ts'],
  },
});
