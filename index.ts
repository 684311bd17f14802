/**
 * sessioncheck's public API: the pure model and its types, the property catalog's types, the
 * real implementations and the plug-in API (`SessionStrategy`, `openSystem`, `checkStrategy`, and
 * `expectStrategy` for a user's own test suite).
 * This file only re-exports.
 */
export * from './model/index.ts';
export type * from './properties/types.ts';
export { checkStrategy, type CheckStrategyOptions, type StrategyCheck } from './properties/checkStrategy.ts';
export type { PluginInput, PluginTarget } from './properties/pluginSystems.ts';
export { expectStrategy, StrategyCheckFailure, type ExpectStrategyOptions, type StrategyCheckFailureCode } from './properties/expectStrategy.ts';
export { checkConformance, candidateActions, type ConformanceOptions, type ConformanceResult } from './properties/checkConformance.ts';
export * from './impl/index.ts';
