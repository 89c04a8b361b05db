/** The network policy: presets, project detection, the allowlist matcher, and the plans. */
export {
  PRESET_HOSTS,
  ANTHROPIC_HOSTS,
  BEDROCK_REGIONS,
  VERTEX_REGIONS,
  presetHosts,
} from './presets';
export { detectPresets, detectProject, type ProjectNetworkHints } from './detect';
export {
  compileAllowlist,
  normalizeHost,
  parsePattern,
  patternCoveredBy,
  patternFromUrl,
  DEFAULT_PORTS,
  type Allowlist,
  type ParsedPattern,
} from './match';
export { agentApiHosts } from './api-hosts';
export { autoPolicy, networkPlan, expandPolicy, type NetworkPlanInput } from './plan';
export {
  allowForProject,
  projectAllowFor,
  folderKey,
  type ProjectAllowInput,
} from './allow-project';
export { narrowsNetwork, describeNetwork } from './narrow';
