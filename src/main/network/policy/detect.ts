/**
 * What a project looks like, for the presets a new session gets by default: package files at
 * its top level (package.json → npm, …) and the forge its `origin` remote is on. Only the top
 * level is read (a quick answer for the start panel; a monorepo's root has its own manifest).
 */
import { readdir } from 'node:fs/promises';
import type { NetworkPreset } from '../../../shared/schemas/network-policy';
import { parseRemoteUrl } from '../../forge/remote-url';
import { git } from '../../git/host-git';
import { parsePattern } from './match';

const FILE_PRESETS: { test: (name: string) => boolean; preset: NetworkPreset }[] = [
  { test: (n) => n === 'package.json', preset: 'npm' },
  {
    test: (n) =>
      /^requirements.*\.txt$/.test(n) ||
      ['pyproject.toml', 'setup.py', 'setup.cfg', 'Pipfile', 'uv.lock', 'poetry.lock'].includes(n),
    preset: 'pypi',
  },
  { test: (n) => n === 'Cargo.toml', preset: 'crates' },
  { test: (n) => n === 'go.mod', preset: 'go' },
];

/** Forges with a preset, by the host name of the remote. */
const FORGE_PRESETS: Record<string, NetworkPreset> = {
  'github.com': 'github',
  'www.github.com': 'github',
  'gitlab.com': 'gitlab',
};

export interface ProjectNetworkHints {
  /** In NETWORK_PRESETS order. */
  presets: NetworkPreset[];
  /**
   * The origin's host as an allowlist entry when no preset covers it (a self-hosted forge), so
   * fetching and pushing over https work; null otherwise.
   */
  remoteHost: string | null;
}

async function originUrl(folder: string): Promise<string | null> {
  try {
    const r = await git(folder, ['remote', 'get-url', '--', 'origin'], {
      allowFailure: true,
      timeoutMs: 10_000,
    });
    return r.exitCode === 0 ? r.stdout.trim() || null : null;
  } catch {
    // No git, or it did not answer: the remote just does not count.
    return null;
  }
}

export async function detectProject(folder: string): Promise<ProjectNetworkHints> {
  const found = new Set<NetworkPreset>();
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    for (const f of FILE_PRESETS) if (f.test(name)) found.add(f.preset);
  }
  let remoteHost: string | null = null;
  const url = await originUrl(folder);
  const remote = url ? parseRemoteUrl(url) : null;
  if (remote) {
    const forge = FORGE_PRESETS[remote.host];
    if (forge) found.add(forge);
    else {
      // ssh cannot pass the gateway (docs/network.md), but the same host over https can.
      const port = remote.scheme !== 'ssh' && remote.port ? `:${remote.port}` : '';
      const pattern = `${remote.host}${port}`;
      remoteHost = parsePattern(pattern) ? pattern : null;
    }
  }
  const order: readonly NetworkPreset[] = ['github', 'gitlab', 'npm', 'pypi', 'crates', 'go'];
  return { presets: order.filter((p) => found.has(p)), remoteHost };
}

/** The presets the project suggests (see detectProject). */
export async function detectPresets(folder: string): Promise<NetworkPreset[]> {
  return (await detectProject(folder)).presets;
}
