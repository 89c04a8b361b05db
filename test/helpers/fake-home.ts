/** Fake host homes for the credentials tests: a temp dir with the files a test asks for. */
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { planCredentials } from '../../src/main/credentials';
import type { CredentialPlan, PlanCredentialsInput } from '../../src/main/credentials';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Canary secrets: distinctive, so any leak is found by a substring search. */
export const CANARY = {
  apiKey: 'sk-ant-api03-CANARYu8jzPde0IgxLd6GncfBAepfJ',
  authToken: 'CANARYBd0Kh8oOOL8dKLzdocJ2isAj',
  oauthEnv: 'sk-ant-oat01-CANARYIhKtJ0RlgLKOmxgJTeKdNnFR',
  accessToken: 'sk-ant-oat01-CANARYIBXuDL7DxtpYlSXpfKtHF4vU',
  refreshToken: 'sk-ant-ort01-CANARYCsMehGAkWvj7FAc9QeWJKY40',
  keychainAccess: 'sk-ant-oat01-CANARYuvSwMFLZDe1f8rESQedUStPK',
  consoleKey: 'sk-ant-api03-CANARYR0CsTy4Qwb8DwkNhFdnXsiVp',
  awsKeyId: 'AKIACANARYzz63FfkCzJr4i0B3JrTAwR4y',
  awsSecret: 'CANARY/9ojfljoQoaF1LlqsajAIxNKu',
  awsSession: 'CANARY8iS2G8NPRVdD53X83RZJzzzz',
  awsOtherSecret: 'CANARYgEOzdmenCkhvMdgaKjIg8xNb',
  bedrockBearer: 'CANARYe3nNyjOq9wMxEhh2FDEEtfjg',
  googleSecret: 'CANARYVvVqE1SkHbn88HxjSI6bWHtP',
  googleRefresh: 'CANARY3fS2qHx6kwXoIIXGvOoNZYW2',
  ghToken: 'ghp_CANARYmZp0zVZomHFwUbbYrEqmSM9w',
  githubToken: 'ghp_CANARYCZ7Uw9xfogoEmvnEN5N1aE6P',
  ghCli: 'gho_CANARYwZPf1Qh6yYTWmE4lBYOvfZ8U',
  gitlabToken: 'glpat-CANARYzDzV8fUkkibjL5DZPjN0MEQ7',
  settingsEnvKey: 'sk-ant-api03-CANARYwjJJibaZUPgHV7iB3m03nbqn',
};

export async function fakeHome(files: Record<string, string> = {}): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'ccr-cred-home-'));
  made.push(home);
  for (const [rel, content] of Object.entries(files)) {
    const p = join(home, rel);
    await mkdir(dirname(p), { recursive: true });
    if (content.startsWith('symlink:')) await symlink(content.slice('symlink:'.length), p);
    else await writeFile(p, content);
  }
  return home;
}

export const CONTAINER_HOME = '/home/claude';

export function oauthFile(access = CANARY.accessToken, refresh = CANARY.refreshToken): string {
  return JSON.stringify({
    claudeAiOauth: {
      accessToken: access,
      refreshToken: refresh,
      expiresAt: 1893456000000,
      scopes: ['user:inference'],
      subscriptionType: 'max',
    },
  });
}

export type PlanOverrides = Partial<Omit<PlanCredentialsInput, 'config'>> & {
  config?: Partial<PlanCredentialsInput['config']>;
};

/** planCredentials with injected host tools (no real Keychain/gh/git unless a test asks). */
export async function plan(home: string, o: PlanOverrides = {}): Promise<CredentialPlan> {
  return planCredentials({
    env: {},
    homeDir: home,
    platform: 'linux',
    containerHome: CONTAINER_HOME,
    readGitConfig: async () => null,
    readGhToken: async () => null,
    ...o,
    config: {
      claudeConfigPath: join(home, '.claude.json'),
      forwardGitHubToken: false,
      environment: {},
      envFileVars: {},
      ...o.config,
    },
  });
}

export function fileAt(p: CredentialPlan, rel: string) {
  return p.files.find((f) => f.containerPath === `${CONTAINER_HOME}/${rel}`);
}

export function entry(p: CredentialPlan, id: string) {
  const e = p.report.entries.find((x) => x.id === id);
  if (!e)
    throw new Error(`no report entry ${id}; have ${p.report.entries.map((x) => x.id).join(', ')}`);
  return e;
}

/** Every canary that occurs in `text`. */
export function leakedCanaries(text: string): string[] {
  return Object.values(CANARY).filter((c) => text.includes(c));
}
