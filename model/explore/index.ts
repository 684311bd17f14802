export { DEFAULT_DEPTH, DEFAULT_MAX_STATES } from './explore.ts';
export { explore } from './engine.ts';
export { Canonicaliser } from './canonical.ts';
export { FingerprintSet } from './fingerprintSet.ts';
export { ParentTable, indicesToActions, replayEdges } from './path.ts';
export { sometimesChecks } from './sometimes.ts';
export { mergeShards, type MergedSearch, type ShardPart } from './mergeShards.ts';
export type * from './types.ts';
