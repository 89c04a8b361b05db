/** The engine layer's public surface: import from here, not from the files behind it. */
export { connectEngineAt, type ConnectOptions } from './connect';
export { parseEngineAddress, redactAddress } from './address';
export { engineKindFromVersion } from './kind';
export { sessionLabels, LABELS, LABEL_PREFIX, APP_LABEL_VALUE } from './labels';
export type * from './types';
export { discoverEngine, requireEngine, type DiscoverOptions } from './discover';
export { engineCandidates, type Candidate } from './candidates';
export { EngineProvider, type EngineProviderOptions } from './provider';
export { engineHandlers } from './handlers';
