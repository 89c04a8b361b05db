/**
 * `claude-run start --network <mode> [--allow <pattern>]… [--preset <name>]…`: the session's
 * network, as the start panel chooses it (it overrides the configs' `network`). --allow and
 * --preset make an allowlist of exactly what they name (the agent's API is always allowed);
 * without any of these flags the config's policy, or the one detected for the project, applies.
 */
import { AppError } from '../../shared/errors';
import { NETWORK_PRESETS, NetworkPolicy, NetworkPreset } from '../../shared/schemas/network-policy';
import { parseHostPattern } from './network';
import { clean } from './output';

export interface NetworkFlags {
  network?: string;
  allow?: string[];
  preset?: string[];
}

export const NETWORK_HELP =
  'the network: default (open), none, host, allowlist, or an engine network name';

/** commander's collector for a repeatable option. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function networkChoice(flags: NetworkFlags): NetworkPolicy | undefined {
  const allow = flags.allow ?? [];
  const presets = flags.preset ?? [];
  const listed = allow.length > 0 || presets.length > 0;
  if (flags.network === undefined && !listed) return undefined;
  const mode = flags.network ?? 'allowlist';
  if (mode !== 'allowlist') {
    if (listed) {
      throw new AppError(
        'bad-arguments',
        `--allow and --preset make an allowlist; --network ${clean(mode).slice(0, 40)} is not one`,
        'drop --network, or use --network allowlist',
      );
    }
    const r = NetworkPolicy.safeParse(mode);
    if (!r.success || typeof r.data !== 'string') {
      throw new AppError(
        'bad-arguments',
        `--network "${clean(mode).slice(0, 40)}" is not a network`,
        'use default, none, host, allowlist, or the name of an engine network (letters, digits, ".", "_", "-")',
      );
    }
    return r.data;
  }
  return {
    egress: 'allowlist',
    allow: [...new Set(allow.map((a) => parseHostPattern(a, '--allow')))],
    presets: [...new Set(presets.map(parsePreset))],
  };
}

function parsePreset(value: string): NetworkPreset {
  const r = NetworkPreset.safeParse(value.trim().toLowerCase());
  if (r.success) return r.data;
  throw new AppError(
    'bad-arguments',
    `--preset "${clean(value).slice(0, 40)}" is not a preset`,
    `the presets are ${NETWORK_PRESETS.join(', ')} (docs/network.md lists their hosts)`,
  );
}
