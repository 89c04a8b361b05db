/** Fake host homes for the credentials tests: a temp dir with the files a test asks for. */
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { planCredentials } from '../../../src/main/credentials';
import type { CredentialPlan, PlanCredentialsInput } from '../../../src/main/credentials';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Canary secrets: distinctive, so any leak is found by a substring search. */
export const CANARY = {
  apiKey: 'sk-ant-api03-CANARY-apikey-Zq7XwV3pL9mK2nR8tY5uJ1hG6fD4sA0e',
  authToken: 'CANARY-authtoken-Hj3Kl5Mn7Pq9Rs1Tu3Vw',
  oauthEnv: 'sk-ant-oat01-CANARY-oauthenv-Ab3Cd5Ef7Gh9Ij1Kl3Mn5',
  accessToken: 'sk-ant-oat01-CANARY-access-Qw8Er6Ty4Ui2Op0As',
  refreshToken: 'sk-ant-ort01-CANARY-refresh-Zx9Cv7Bn5Mm3Ll1Kk',
  keychainAccess: 'sk-ant-oat01-CANARY-keychain-Pp2Oo4Ii6Uu8Yy0Tt',
  consoleKey: 'sk-ant-api03-CANARY-console-Rr5Ee3Ww1Qq9Aa7Ss',
  awsKeyId: 'AKIACANARYKEYID12345',
  awsSecret: 'CANARY/aws/secret+Wj8Hk3Ln5Mp7Qr9St1Uv3Wx',
  awsSession: 'CANARY-aws-session-Fg4Hj6Kl8Zx0Cv2Bn4Mm6',
  awsOtherSecret: 'CANARY-other-profile-secret-Yy7Uu5Tt3Rr1',
  bedrockBearer: 'CANARY-bedrock-bearer-Oo9Ii7Uu5Yy3Tt1Rr',
  googleSecret: 'CANARY-google-client-secret-Ee2Ww4Qq6',
  googleRefresh: 'CANARY-google-refresh-1//Gg8Hh6Jj4Kk2Ll0',
  ghToken: 'ghp_CANARYghtoken0123456789abcdefABCDEF',
  githubToken: 'ghp_CANARYgithubtoken9876543210ZYXWVU',
  ghCli: 'gho_CANARYghcli5555666677778888AAAABBBB',
  gitlabToken: 'glpat-CANARY-gitlab-Nn3Mm5Bb7',
  settingsEnvKey: 'sk-ant-api03-CANARY-settingsenv-Dd3Ff5Gg7',
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
