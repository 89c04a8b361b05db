/** The credentials domain's contract handler: getCredentialsReport. */
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { formatConfigIssue, loadConfig } from '../config/load';
import { planCredentials } from './plan';

/** Home of the default image's `claude` user (docker/Dockerfile); only used for report targets. */
export const DEFAULT_CONTAINER_HOME = '/home/claude';

/** The home the report shows targets in: the configured user's, else the default image's. */
export function reportHome(containerUser: string | undefined): string {
  const name = (containerUser ?? '').split(':')[0]!.trim();
  if (name === '') return DEFAULT_CONTAINER_HOME;
  return name === 'root' || name === '0' ? '/root' : `/home/${name}`;
}

export interface CredentialsDeps {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  platform: NodeJS.Platform;
}

export function credentialsHandlers(deps: CredentialsDeps): Pick<Handlers, 'getCredentialsReport'> {
  return {
    async getCredentialsReport({ projectDir }) {
      const loaded = await loadConfig({ ...deps, projectDir });
      if (!loaded.ok) {
        const first = loaded.issues[0];
        throw new AppError(
          'config-invalid',
          `The config has ${loaded.issues.length} problem(s)${first ? `, first: ${formatConfigIssue(first)}` : ''}`,
          'Fix the config file; the credentials report depends on forwardGitHubToken, environment and claudeConfigPath.',
        );
      }
      const plan = await planCredentials({
        ...deps,
        config: loaded.config,
        projectDir,
        containerHome: reportHome(loaded.config.containerUser),
      });
      return plan.report;
    },
  };
}
