/**
 * The trust rule for `network` in a project file (docs/network.md): until the user trusts the
 * file, it may only narrow the user's own policy. A repository can ask for less network, never
 * for more.
 */
import type { NetworkPolicy, NetworkPreset } from '../../../shared/schemas/network-policy';
import { patternCoveredBy } from './match';
import { ANTHROPIC_HOSTS, presetHosts } from './presets';

/**
 * With no user policy ("auto"), the repository already decides the presets through its files
 * (package.json → npm…) and remote: asking for those same ones is no wider.
 */
const AUTO_PRESETS: readonly NetworkPreset[] = ['github', 'gitlab', 'npm', 'pypi', 'crates', 'go'];

const OPEN = new Set(['default', 'host']);

/** Every host an allowlist's entries and presets name (the API hosts are allowed anyway). */
function entriesOf(p: { allow: readonly string[]; presets: readonly NetworkPreset[] }): string[] {
  return [...p.allow, ...presetHosts(p.presets)];
}

/** Whether `project` allows nothing `user` (undefined: auto) does not. */
export function narrowsNetwork(project: NetworkPolicy, user: NetworkPolicy | undefined): boolean {
  if (project === 'none') return true;
  if (JSON.stringify(project) === JSON.stringify(user)) return true;
  if (typeof project === 'string') {
    // "default" is no wider than "host"; anything else names a network the user did not choose.
    return project === 'default' && user === 'host';
  }
  let allowed: string[];
  if (user === undefined) allowed = presetHosts(AUTO_PRESETS);
  else if (typeof user === 'string') {
    if (OPEN.has(user)) return true;
    // "none" or a named network (maybe an internal one): an allowlist could be wider.
    return false;
  } else allowed = entriesOf(user);
  allowed = [...allowed, ...ANTHROPIC_HOSTS];
  return entriesOf(project).every((e) => patternCoveredBy(e, allowed));
}

/** How the trust question shows a policy, on one line. */
export function describeNetwork(p: NetworkPolicy): string {
  if (typeof p === 'string') return p;
  const presets = p.presets.length > 0 ? p.presets.join(', ') : 'no presets';
  const allow = p.allow.length > 0 ? p.allow.join(', ') : 'nothing else';
  return `allowlist: ${presets}; also ${allow}`;
}
