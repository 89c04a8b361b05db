/**
 * Bedrock and Vertex: when Claude Code is switched to a cloud provider, forward the switch,
 * the provider's variables and its credentials files (the AWS files cut down to the profile in
 * use; the Google credentials file placed in the container with GOOGLE_APPLICATION_CREDENTIALS
 * pointing at it). When it is not switched, none of this is forwarded.
 */
import { join } from 'node:path';
import { filterAwsFiles } from './aws-ini';
import { describeFailedRead, readHostFile } from './host-readers';
import { isTruthy, type ClaudeProvider, type PlanBuilder } from './types';

export function detectProvider(b: PlanBuilder): ClaudeProvider {
  // Claude Code checks Bedrock before Vertex.
  if (isTruthy(b.lookup('CLAUDE_CODE_USE_BEDROCK')?.value)) return 'bedrock';
  if (isTruthy(b.lookup('CLAUDE_CODE_USE_VERTEX')?.value)) return 'vertex';
  return 'anthropic';
}

const AWS_VARS: [name: string, label: string][] = [
  ['AWS_REGION', 'AWS region'],
  ['AWS_DEFAULT_REGION', 'AWS default region'],
  ['AWS_PROFILE', 'AWS profile name'],
  ['AWS_ACCESS_KEY_ID', 'AWS access key id'],
  ['AWS_SECRET_ACCESS_KEY', 'AWS secret access key'],
  ['AWS_SESSION_TOKEN', 'AWS session token'],
  ['AWS_BEARER_TOKEN_BEDROCK', 'Bedrock API key'],
];

const VERTEX_VARS: [name: string, label: string][] = [
  ['ANTHROPIC_VERTEX_PROJECT_ID', 'Vertex project id'],
  ['CLOUD_ML_REGION', 'Vertex region'],
];

/**
 * Variables of a provider: all listed when that provider is in use; otherwise only those found,
 * as "not forwarded", so the report stays short for the common case.
 */
function planVars(
  b: PlanBuilder,
  vars: [string, string][],
  active: boolean,
  why: string,
  id: (name: string) => string,
): void {
  for (const [name, label] of vars) {
    const found = b.lookup(name);
    if (!found && !active) continue;
    b.entry({
      id: id(name),
      label,
      group: 'cloud',
      source: found?.source ?? `env ${name}`,
      found: found !== undefined,
      forwarded: found !== undefined && active,
      target: found && active ? b.addEnv(name, found.value) : undefined,
      reason: !found ? 'not set' : active ? 'forwarded as an environment variable' : why,
    });
  }
}

export async function planBedrock(
  b: PlanBuilder,
  provider: ClaudeProvider,
  homeDir: string,
): Promise<void> {
  const active = provider === 'bedrock';
  const why = 'not forwarded: only Bedrock needs it, and CLAUDE_CODE_USE_BEDROCK is not set';
  const sw = b.lookup('CLAUDE_CODE_USE_BEDROCK');
  if (active && sw) b.addEnv('CLAUDE_CODE_USE_BEDROCK', sw.value);
  planVars(b, AWS_VARS, active, why, (n) => `aws-env:${n}`);
  if (!active) return;

  const profile =
    b.lookup('AWS_PROFILE')?.value ?? b.lookup('AWS_DEFAULT_PROFILE')?.value ?? 'default';
  const configPath = b.hostValue('AWS_CONFIG_FILE') ?? join(homeDir, '.aws', 'config');
  const credsPath =
    b.hostValue('AWS_SHARED_CREDENTIALS_FILE') ?? join(homeDir, '.aws', 'credentials');
  const [configRead, credsRead] = await Promise.all([
    readHostFile(configPath),
    readHostFile(credsPath),
  ]);
  const filtered = filterAwsFiles(
    configRead.ok ? configRead.content.toString('utf8') : null,
    credsRead.ok ? credsRead.content.toString('utf8') : null,
    profile,
  );
  for (const [id, label, path, read, text, rel] of [
    ['aws-config-file', 'AWS config file', configPath, configRead, filtered.config, '.aws/config'],
    [
      'aws-credentials-file',
      'AWS credentials file',
      credsPath,
      credsRead,
      filtered.credentials,
      '.aws/credentials',
    ],
  ] as const) {
    const send = read.ok && text !== null;
    b.entry({
      id,
      label,
      group: 'cloud',
      source: path,
      found: read.ok,
      forwarded: send,
      target: send ? b.addFile(rel, Buffer.from(text, 'utf8'), 0o600) : undefined,
      reason: !read.ok
        ? describeFailedRead(read.why)
        : send
          ? `a copy with only profile "${profile}" (and what it refers to), readable only by the container user`
          : `not forwarded: it has no profile "${profile}"`,
    });
  }
  if (filtered.needsHostLogin) {
    b.note(
      `AWS profile "${profile}" logs in through SSO or a credential_process, which the container cannot ` +
        'reuse: run the login inside the session, or use AWS_BEARER_TOKEN_BEDROCK or short-lived keys.',
    );
  }
}

/** gcloud's Application Default Credentials file, where gcloud writes it on this platform. */
function defaultAdcPath(b: PlanBuilder, homeDir: string, platform: NodeJS.Platform): string {
  const dir =
    b.hostValue('CLOUDSDK_CONFIG') ??
    (platform === 'win32'
      ? join(b.hostValue('APPDATA') ?? join(homeDir, 'AppData', 'Roaming'), 'gcloud')
      : join(homeDir, '.config', 'gcloud'));
  return join(dir, 'application_default_credentials.json');
}

export const CONTAINER_ADC = '.config/gcloud/application_default_credentials.json';

export async function planVertex(
  b: PlanBuilder,
  provider: ClaudeProvider,
  homeDir: string,
  platform: NodeJS.Platform,
): Promise<void> {
  const active = provider === 'vertex';
  const why = 'not forwarded: only Vertex needs it, and CLAUDE_CODE_USE_VERTEX is not set';
  const sw = b.lookup('CLAUDE_CODE_USE_VERTEX');
  if (active && sw) b.addEnv('CLAUDE_CODE_USE_VERTEX', sw.value);
  planVars(b, VERTEX_VARS, active, why, (n) => `vertex-env:${n}`);
  // Per-model region overrides (VERTEX_REGION_CLAUDE_…) are plain settings.
  if (active) {
    for (const name of b.namesMatching(/^VERTEX_REGION_[A-Z0-9_]+$/)) {
      const found = b.lookup(name);
      if (found) b.addEnv(name, found.value);
    }
  }
  if (!active) return;

  const explicit = b.hostValue('GOOGLE_APPLICATION_CREDENTIALS');
  const path = explicit ?? defaultAdcPath(b, homeDir, platform);
  const read = await readHostFile(path);
  let target: string | undefined;
  if (read.ok) {
    target = b.addFile(CONTAINER_ADC, read.content, 0o600);
    b.addEnv('GOOGLE_APPLICATION_CREDENTIALS', target);
  }
  b.entry({
    id: 'google-credentials-file',
    label: 'Google credentials file',
    group: 'cloud',
    source: explicit ? `${path} (GOOGLE_APPLICATION_CREDENTIALS)` : path,
    found: read.ok,
    forwarded: read.ok,
    target,
    reason: read.ok
      ? 'a copy readable only by the container user; GOOGLE_APPLICATION_CREDENTIALS points to it'
      : `${describeFailedRead(read.why)}${explicit ? '' : ' (run `gcloud auth application-default login`)'}`,
  });
}
