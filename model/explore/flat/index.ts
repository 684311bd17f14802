export { exploreFlat, flatUnsupported, AFTER_STATE_ONLY } from './explore.ts';
export { MAY_VIOLATE } from './search.ts';
export { FlatMachine, Obs, flatSupports, issuedPerStep } from './machine.ts';
export { FlatCanonicaliser } from './canonical.ts';
export { FlatFacts, type FlatProbeAnswer } from './facts.ts';
export { decodeFlat, sortedStore } from './decode.ts';
export { FlatLayout } from './layout.ts';
