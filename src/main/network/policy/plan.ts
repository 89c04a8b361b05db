/**
 * Which network a new session of a folder gets, and the full list of entries its gateway
 * allows. The user's and the project's `network` win (the project's only as far as trust lets
 * it: config/trust.ts); unset, it is "auto": an allowlist of the presets the project suggests.
 */
import { AppError } from '../../../shared/errors';
import {
  NETWORK_PRESETS,
  type AllowlistPolicy,
  type NetworkPolicy,
  type NetworkPreset,
} from '../../../shared/schemas/network-policy';
import type { NetworkPlan } from '../../../shared/schemas/network';
import { parseLayer } from '../../config/layer';
import { formatConfigIssue, loadConfig } from '../../config/load';
import { userConfigPath, type PlatformEnv } from '../../config/paths';
import { readUserConfigText } from '../../config/user-config-write';
import { projectAllowFor } from './allow-project';
import { agentApiHosts } from './api-hosts';
import { detectProject } from './detect';
import { PRESET_HOSTS, presetHosts } from './presets';

export interface NetworkPlanInput extends PlatformEnv {
  folder: string;
}

const unique = (xs: readonly string[]) => [...new Set(xs)];

/** The user file's own `network` (undefined when unset or the file is missing or broken). */
async function userNetwork(host: PlatformEnv): Promise<NetworkPolicy | undefined> {
  const text = await readUserConfigText(host)
    .then((r) => r.text)
    .catch(() => null);
  if (text === null) return undefined;
  const parsed = parseLayer(userConfigPath(host), text, {
    projectDir: host.homeDir,
    homeDir: host.homeDir,
  });
  return parsed.layer?.values.network;
}

/**
 * The "auto" policy of a folder (no `network` set): an allowlist of the presets its files
 * suggest and its self-hosted forge, plus the user's "always allow" answers for it (`extra`).
 */
export async function autoPolicy(input: NetworkPlanInput): Promise<{
  policy: AllowlistPolicy;
  detected: NetworkPreset[];
  extra: string[];
}> {
  const [hints, extra] = await Promise.all([detectProject(input.folder), projectAllowFor(input)]);
  return {
    policy: {
      egress: 'allowlist',
      allow: unique([...(hints.remoteHost ? [hints.remoteHost] : []), ...extra]),
      presets: hints.presets,
    },
    detected: hints.presets,
    extra,
  };
}

export async function networkPlan(input: NetworkPlanInput): Promise<NetworkPlan> {
  const loaded = await loadConfig({ ...input, projectDir: input.folder });
  if (!loaded.ok) {
    throw new AppError(
      'config-invalid',
      `the config has problems, so the session's network cannot be decided: ${loaded.issues
        .map(formatConfigIssue)
        .join('; ')}`,
      'fix the config (Settings, or the project file), then try again',
    );
  }
  const [auto, mine] = await Promise.all([autoPolicy(input), userNetwork(input)]);
  const presetHostsShown = Object.fromEntries(NETWORK_PRESETS.map((p) => [p, PRESET_HOSTS[p]]));
  const configured = loaded.config.network;
  const detected = auto.detected;
  if (configured === undefined)
    return { policy: auto.policy, detected, presetHosts: presetHostsShown, source: 'detected' };
  const source = JSON.stringify(mine) === JSON.stringify(configured) ? 'user' : 'project';
  const policy: NetworkPolicy =
    typeof configured === 'string'
      ? configured
      : { ...configured, allow: unique([...configured.allow, ...auto.extra]) };
  return { policy, detected, presetHosts: presetHostsShown, source };
}

/**
 * Every entry an allowlist session of `folder` allows: the policy's own, its presets' hosts, the
 * agent's API hosts for the credentials in `env`, and the user's "always allow" answers for the
 * folder. Pass the environment the agent gets (the host's, with the config's `environment`
 * over it) so an ANTHROPIC_BASE_URL set there is allowed too.
 */
export async function expandPolicy(
  policy: AllowlistPolicy,
  input: NetworkPlanInput,
): Promise<string[]> {
  return unique([
    ...policy.allow,
    ...presetHosts(policy.presets),
    ...agentApiHosts(input.env),
    ...(await projectAllowFor(input)),
  ]);
}
