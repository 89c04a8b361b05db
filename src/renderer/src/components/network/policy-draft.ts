/**
 * The start panel's network choice as an editable draft, and back to a policy. Pure (no React,
 * no API) so the rules are unit-tested: which mode a plan shows, how extra hosts are checked,
 * and that an unchanged draft sends nothing (the configs and the detection then decide).
 */
import {
  HostPattern,
  NETWORK_PRESETS,
  type NetworkPolicy,
  type NetworkPreset,
} from '../../../../shared/schemas/network-policy';

export type NetworkMode = 'allowlist' | 'default' | 'none' | 'host' | 'named';

export interface PolicyDraft {
  mode: NetworkMode;
  /** The engine network's name when mode is 'named' (a plan from a config naming one). */
  name: string;
  presets: NetworkPreset[];
  allow: string[];
}

export const MODE_LABEL: Record<NetworkMode, string> = {
  allowlist: 'Allowlist',
  default: 'Open (default network)',
  none: 'No network',
  host: 'Host network',
  named: 'Named network',
};

export const MODE_HELP: Record<NetworkMode, string> = {
  allowlist:
    "Only the hosts below and the agent's API, through the app's gateway. Everything else is refused and listed in the session's Network panel.",
  default:
    "The engine's default network: the agent can reach any host on the internet and on your LAN.",
  none: "No network at all, the agent's API included.",
  host: "The container shares this machine's network: no isolation.",
  named: 'An engine network named in your config.',
};

export function draftFromPolicy(policy: NetworkPolicy): PolicyDraft {
  if (typeof policy !== 'string')
    return { mode: 'allowlist', name: '', presets: [...policy.presets], allow: [...policy.allow] };
  if (policy === 'default' || policy === 'none' || policy === 'host')
    return { mode: policy, name: '', presets: [], allow: [] };
  return { mode: 'named', name: policy, presets: [], allow: [] };
}

export function policyFromDraft(d: PolicyDraft): NetworkPolicy {
  if (d.mode === 'allowlist')
    return {
      egress: 'allowlist',
      allow: [...d.allow],
      // In the contract's order, so equal choices compare equal.
      presets: NETWORK_PRESETS.filter((p) => d.presets.includes(p)),
    };
  return d.mode === 'named' ? d.name : d.mode;
}

/** Whether two policies mean the same (order of presets and hosts aside). */
export function samePolicy(a: NetworkPolicy, b: NetworkPolicy): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  const set = (xs: readonly string[]) => [...new Set(xs)].sort().join('\n');
  return set(a.allow) === set(b.allow) && set(a.presets) === set(b.presets);
}

/**
 * Checks one typed host pattern: the normalised pattern, or the reason it is refused (the
 * contract's own message), or that it is listed already.
 */
export function checkHost(
  text: string,
  existing: readonly string[],
): { pattern: string } | { error: string } {
  const parsed = HostPattern.safeParse(text);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'not a host pattern' };
  if (existing.includes(parsed.data)) return { error: `${parsed.data} is listed already` };
  return { pattern: parsed.data };
}

/** The pattern "Allow" answers send for a denied host: the port only when not 80/443. */
export function patternForDenial(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return port === 80 || port === 443 ? h : `${h}:${port}`;
}

/** Whether a denied attempt's host was allowed for the session since (by the panel's answer). */
export function isAllowed(
  d: { host: string; port: number },
  sessionAllow: ReadonlySet<string>,
): boolean {
  return (
    sessionAllow.has(patternForDenial(d.host, d.port)) || sessionAllow.has(`${d.host}:${d.port}`)
  );
}

/** One line for the session panel: "Allowlist · npm, github · 2 more hosts". */
export function policySummary(policy: NetworkPolicy): string {
  if (typeof policy === 'string') {
    const d = draftFromPolicy(policy);
    return d.mode === 'named' ? `Engine network "${d.name}"` : MODE_LABEL[d.mode];
  }
  const parts = ['Allowlist'];
  if (policy.presets.length) parts.push(policy.presets.join(', '));
  if (policy.allow.length)
    parts.push(`${policy.allow.length} more host${policy.allow.length === 1 ? '' : 's'}`);
  return parts.join(' · ');
}
