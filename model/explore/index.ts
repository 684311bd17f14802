export { explore, DEFAULT_DEPTH, DEFAULT_MAX_STATES } from './explore.ts';
export { Canonicaliser } from './canonical.ts';
export { FingerprintSet } from './fingerprintSet.ts';
export { ParentTable, indicesToActions, replayEdges } from './path.ts';
export { sometimesChecks } from './sometimes.ts';
export type * from './types.ts';
