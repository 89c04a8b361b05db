/**
 * GitHub / GitLab tokens. Not forwarded by default: the runner pushes and opens pull requests
 * from the host, so the agent never needs them. `forwardGitHubToken: true` gives the container
 * one GitHub token, as GH_TOKEN (what `gh` reads first), for agents that run `gh` themselves.
 * A token the user put in the config's own `environment`/envFile is their explicit choice: it
 * reaches the container through that path and the report says so.
 */
import type { GhTokenReader, PlanBuilder } from './types';

const KEEP_HOME =
  'not forwarded: pushing and pull requests happen on the host; set forwardGitHubToken: true ' +
  'if the agent needs `gh` inside the container';
const FROM_CONFIG = 'forwarded because your config sets it in `environment`/envFile';

export async function planForgeTokens(
  b: PlanBuilder,
  forwardGitHubToken: boolean,
  readGhToken: GhTokenReader | undefined,
): Promise<void> {
  let gh: string | null;
  try {
    gh = readGhToken ? await readGhToken() : null;
  } catch {
    gh = null; // its error could quote the token: treat it as "no login"
  }
  const candidates: {
    id: string;
    label: string;
    source: string;
    value: string | null;
    fromConfig: boolean;
  }[] = [
    ...(['GH_TOKEN', 'GITHUB_TOKEN'] as const).map((name) => {
      const found = b.lookup(name);
      return {
        id: `github-token:${name}`,
        label: `GitHub token (${name})`,
        source: found?.source ?? `env ${name}`,
        value: found?.value ?? null,
        fromConfig: found?.fromConfig ?? false,
      };
    }),
    {
      id: 'github-token:gh',
      label: 'GitHub CLI login (gh auth token)',
      source: 'gh auth token',
      value: gh,
      fromConfig: false,
    },
  ];

  let chosen: (typeof candidates)[number] | null = null;
  for (const c of candidates) {
    let forwarded = false;
    let target: string | undefined;
    let reason: string;
    if (c.value === null) {
      reason = c.id === 'github-token:gh' ? 'gh is not installed or not logged in' : 'not set';
    } else if (c.fromConfig) {
      const name = c.id.slice('github-token:'.length);
      forwarded = true;
      target = b.addEnv(name, c.value);
      reason = FROM_CONFIG;
    } else if (!forwardGitHubToken) {
      reason = KEEP_HOME;
    } else if (chosen === null) {
      chosen = c;
      forwarded = true;
      target = b.addEnv('GH_TOKEN', c.value);
      reason = 'forwarded as GH_TOKEN because forwardGitHubToken is true';
    } else {
      reason = `not forwarded: GH_TOKEN already comes from ${chosen.source}`;
    }
    b.entry({
      id: c.id,
      label: c.label,
      group: 'forge',
      source: c.source,
      found: c.value !== null,
      forwarded,
      target,
      reason,
    });
  }

  const gitlab = b.lookup('GITLAB_TOKEN');
  b.entry({
    id: 'gitlab-token',
    label: 'GitLab token (GITLAB_TOKEN)',
    group: 'forge',
    source: gitlab?.source ?? 'env GITLAB_TOKEN',
    found: gitlab !== undefined,
    forwarded: gitlab?.fromConfig ?? false,
    target: gitlab?.fromConfig ? b.addEnv('GITLAB_TOKEN', gitlab.value) : undefined,
    reason: !gitlab
      ? 'not set'
      : gitlab.fromConfig
        ? FROM_CONFIG
        : 'not forwarded: pushing and merge requests happen on the host; put GITLAB_TOKEN in the ' +
          'config\u2019s environment if the agent really needs it',
  });
}
