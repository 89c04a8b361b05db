/**
 * What the app's wiring and the CLI take from the engine layer (connect, discovery, the
 * provider, handlers). Not a boundary: every domain works with engines, and imports the file it
 * needs (types, labels, errors) directly.
 */
export { connectEngineAt, type ConnectOptions } from './connect';
export { parseEngineAddress, redactAddress } from './address';
export { engineKindFromVersion } from './kind';
export { sessionLabels, LABELS, LABEL_PREFIX, APP_LABEL_VALUE } from './labels';
export type * from './types';
export { discoverEngine, requireEngine, type DiscoverOptions } from './discover';
export { engineCandidates, type Candidate } from './candidates';
export { EngineProvider, type EngineProviderOptions } from './provider';
export { engineHandlers } from './handlers';
