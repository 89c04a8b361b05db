/**
 * planCredentials: look at the host once and decide what a session container gets. The plan
 * holds the values (env + files) for the sessions domain; its report holds none of them.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { AppError } from '../../shared/errors';
import { CredentialReport } from '../../shared/schemas/credentials';
import { planClaudeAuth } from './claude';
import { planClaudeDir, planClaudeJson, readClaudeJson } from './claude-config';
import { detectProvider, planBedrock, planVertex } from './cloud';
import { planForgeTokens } from './forge-tokens';
import { planGitIdentity } from './git-identity';
import {
  defaultGhTokenReader,
  defaultGitConfigReader,
  defaultKeychainReader,
} from './host-readers';
import { PlanBuilder, nonEmpty, type CredentialPlan, type PlanCredentialsInput } from './types';

function expandHome(p: string, homeDir: string): string {
  if (p === '~') return homeDir;
  if (p.startsWith('~/') || p.startsWith('~\\')) return join(homeDir, p.slice(2));
  return isAbsolute(p) ? p : join(homeDir, p);
}

/** Environment for host commands: the caller's env with HOME pointing at the home we read. */
function commandEnv(input: PlanCredentialsInput): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...input.env };
  env.HOME = input.homeDir;
  if (input.platform === 'win32') env.USERPROFILE = input.homeDir;
  return env;
}

export async function planCredentials(input: PlanCredentialsInput): Promise<CredentialPlan> {
  const { homeDir, platform, config } = input;
  if (!input.containerHome.startsWith('/')) {
    throw new AppError(
      'invalid-argument',
      `containerHome must be an absolute container path, got "${input.containerHome}"`,
      'This is a bug in the caller: pass the container user\u2019s home, e.g. /home/claude.',
    );
  }
  const b = new PlanBuilder(input.env, config, input.containerHome);
  const env = commandEnv(input);

  const claudeDir = nonEmpty(input.env.CLAUDE_CONFIG_DIR)
    ? expandHome(input.env.CLAUDE_CONFIG_DIR, homeDir)
    : join(homeDir, '.claude');
  let claudeJson = await readClaudeJson(
    expandHome(config.claudeConfigPath || '~/.claude.json', homeDir),
  );
  if (!claudeJson.json && nonEmpty(input.env.CLAUDE_CONFIG_DIR)) {
    // With CLAUDE_CONFIG_DIR, Claude Code keeps .claude.json inside that folder.
    const inDir = await readClaudeJson(join(claudeDir, '.claude.json'));
    if (inDir.json) claudeJson = inDir;
  }

  const provider = detectProvider(b);
  const readKeychain =
    input.readKeychain ?? (platform === 'darwin' ? defaultKeychainReader(env) : undefined);
  const auth = await planClaudeAuth(b, {
    provider,
    claudeDir,
    claudeJson: claudeJson.json,
    platform,
    readKeychain,
  });
  await planBedrock(b, provider, homeDir);
  await planVertex(b, provider, homeDir, platform);

  planClaudeJson(b, claudeJson, {
    firstParty: provider === 'anthropic',
    keepPrimaryApiKey: auth.keepPrimaryApiKey,
    approvedKeySuffix: auth.approvedKeySuffix,
  });
  await planClaudeDir(b, claudeDir);

  const projectDir = input.projectDir ?? homeDir;
  await planGitIdentity(
    b,
    input.readGitConfig ?? defaultGitConfigReader(env),
    projectDir,
    input.projectDir ? 'in the project folder' : 'global',
  );
  await planForgeTokens(
    b,
    config.forwardGitHubToken,
    input.readGhToken ?? defaultGhTokenReader(env),
  );

  const cloudLogins = new Set(
    provider === 'bedrock'
      ? [
          'aws-env:AWS_ACCESS_KEY_ID',
          'aws-env:AWS_BEARER_TOKEN_BEDROCK',
          'aws-env:AWS_PROFILE',
          'aws-credentials-file',
          'aws-config-file',
        ]
      : ['google-credentials-file'],
  );
  const claudeAuthForwarded =
    provider === 'anthropic'
      ? auth.forwarded
      : b.entries.some((e) => e.forwarded && cloudLogins.has(e.id));
  if (!claudeAuthForwarded) {
    b.note(
      provider === 'anthropic'
        ? 'No Claude login found on this machine: run /login in the session\u2019s terminal, or set ANTHROPIC_API_KEY.'
        : `Claude Code is set to use ${provider === 'bedrock' ? 'Bedrock' : 'Vertex'}, but no credentials for it were found.`,
    );
  }

  const report = CredentialReport.parse({
    provider,
    claudeAuthForwarded,
    entries: b.entries,
    notes: b.notes,
  });
  return { env: b.env, files: b.files, report };
}

/** The home directory to read credentials from when the caller gives none. */
export function defaultHomeDir(env: NodeJS.ProcessEnv): string {
  return nonEmpty(env.HOME) ? env.HOME : homedir();
}
