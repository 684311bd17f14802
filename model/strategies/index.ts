export { inMemory } from './in-memory.ts';
export { sticky } from './sticky.ts';
export { centralStore } from './central-store.ts';
export { jwt } from './jwt.ts';
export { jwtRefresh } from './jwt-refresh.ts';
export { jwtDenylist } from './jwt-denylist.ts';
export { centralStoreNaive } from './central-store-naive.ts';
