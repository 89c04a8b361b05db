/**
 * Credentials in a real container, once per engine: the plan's files land owned by a non-root
 * container user with mode 0600, the agent can still write its ~/.claude, forwarded secrets
 * reach the container where intended (env, files) and no secret is in any process's arguments.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { credentialsTar, planCredentials, type CredentialPlan } from '../../src/main/credentials';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine, ExecStream } from '../../src/main/engine/types';
import { describeEachEngine, TEST_BASE_IMAGE } from '../helpers/engines';
import { CANARY, fakeHome, oauthFile } from '../helpers/fake-home';

const RUN = `${process.pid}-${Date.now().toString(36)}`;
const TEST_LABEL = 'dev.claude-code-runner.test';
const HOME = '/home/agent';
const UID = 1000;
const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

const NOT_FORWARDED = [CANARY.ghToken, CANARY.githubToken, CANARY.ghCli, CANARY.gitlabToken];

async function makePlan(): Promise<CredentialPlan> {
  const home = await fakeHome({
    '.claude/.credentials.json': oauthFile(),
    '.claude.json': JSON.stringify({ hasCompletedOnboarding: true, projects: { '/x': {} } }),
    '.claude/settings.json': JSON.stringify({ env: { ANTHROPIC_API_KEY: CANARY.settingsEnvKey } }),
    '.claude/commands/review.md': '# review',
  });
  return planCredentials({
    env: {
      ANTHROPIC_API_KEY: CANARY.apiKey,
      CLAUDE_CODE_OAUTH_TOKEN: CANARY.oauthEnv,
      GH_TOKEN: CANARY.ghToken,
      GITHUB_TOKEN: CANARY.githubToken,
      GITLAB_TOKEN: CANARY.gitlabToken,
    },
    homeDir: home,
    platform: 'linux',
    containerHome: HOME,
    config: {
      claudeConfigPath: `${home}/.claude.json`,
      forwardGitHubToken: false,
      environment: {},
    },
    readGitConfig: async (key) => (key === 'user.name' ? 'Ada Lovelace' : 'ada@example.com'),
    readGhToken: async () => CANARY.ghCli,
  });
}

describeEachEngine('credentials in a container', (te) => {
  let engine: Engine;
  let plan: CredentialPlan;
  let id = '';
  let agent: ExecStream | null = null;

  const sh = async (script: string, user = `${UID}:${UID}`) => {
    const r = await engine.exec(id, { cmd: ['bash', '-c', script], user });
    return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() };
  };

  beforeAll(async () => {
    engine = await connectEngineAt(te.address);
    plan = await makePlan();
    id = await engine.createContainer({
      name: `ccr-it-cred-${te.name}-${RUN}`,
      image: TEST_BASE_IMAGE,
      labels: { [TEST_LABEL]: RUN },
      env: { HOME, ...plan.env },
      cmd: ['sleep', 'infinity'],
      user: `${UID}:${UID}`,
      network: 'none',
      security: { capDrop: ['ALL'], capAdd: [], noNewPrivileges: true },
    });
    await engine.startContainer(id);
    await engine.putArchive(
      id,
      '/',
      await credentialsTar(plan, { uid: UID, gid: UID, home: HOME }),
    );
    // An "agent" process started the way the sessions domain starts one: env, never arguments.
    agent = await engine.execStream(id, {
      cmd: ['sleep', '300'],
      user: `${UID}:${UID}`,
      env: plan.env,
      tty: false,
      stdin: false,
    });
  });

  afterAll(async () => {
    agent?.close();
    if (id) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  });

  it('puts every file owned by the container user; secrets 0600, folders private', async () => {
    const paths = plan.files.map((f) => f.containerPath);
    expect(paths).toContain(`${HOME}/.claude/.credentials.json`);
    const listed = await engine.exec(id, {
      cmd: ['stat', '-c', '%a %u %g %n', '--', HOME, `${HOME}/.claude`, ...paths],
      user: `${UID}:${UID}`,
    });
    expect(listed.stderr.toString()).toBe('');
    const lines = listed.stdout.toString().trim().split('\n');
    const byPath = new Map(
      lines.map((l) => [l.split(' ').slice(3).join(' '), l.split(' ').slice(0, 3).join(' ')]),
    );
    expect(byPath.get(`${HOME}/.claude`)).toBe(`700 ${UID} ${UID}`);
    for (const f of plan.files) {
      expect([f.containerPath, byPath.get(f.containerPath)]).toEqual([
        f.containerPath,
        `${f.mode.toString(8)} ${UID} ${UID}`,
      ]);
    }
    expect(byPath.get(`${HOME}/.claude/.credentials.json`)).toBe(`600 ${UID} ${UID}`);
    expect(byPath.get(`${HOME}/.claude.json`)).toBe(`600 ${UID} ${UID}`);
  });

  it('git in the container uses the forwarded identity', async () => {
    const r = await sh('git config --get user.name; git config --get user.email');
    expect(r).toMatchObject({ code: 0, out: 'Ada Lovelace\nada@example.com\n' });
  });

  it('the agent can refresh its login and keep state in ~/.claude', async () => {
    const r = await sh(
      `set -e; cp ~/.claude/.credentials.json ~/.claude/.credentials.json.new && mv ~/.claude/.credentials.json.new ~/.claude/.credentials.json; mkdir -p ~/.claude/projects; echo ok`,
    );
    expect(r).toMatchObject({ code: 0, out: 'ok\n' });
  });

  it('forwarded secrets arrive (compared by hash, never as arguments); the others do not', async () => {
    const env = await sh(
      'printf %s "$ANTHROPIC_API_KEY" | sha256sum; printf %s "$CLAUDE_CODE_OAUTH_TOKEN" | sha256sum',
    );
    expect(
      env.out
        .split('\n')
        .map((l) => l.split(' ')[0])
        .slice(0, 2),
    ).toEqual([sha256(CANARY.apiKey), sha256(CANARY.oauthEnv)]);
    const file = await sh('sha256sum < ~/.claude/.credentials.json');
    expect(file.out.split(' ')[0]).toBe(sha256(oauthFile()));
    // Everything a process in the container can see: its environment and the home's files.
    const all = await sh('cat /proc/1/environ; find ~ -type f -exec cat {} +');
    expect(all.out).toContain(CANARY.apiKey);
    for (const c of NOT_FORWARDED) expect(all.out).not.toContain(c);
    expect(all.out).not.toContain('"projects"');
  });

  it('no secret appears in any process arguments (ps -eo args)', async () => {
    // The base image has no procps: /proc/*/cmdline is what `ps -eo args` prints.
    const ps = await sh('for f in /proc/[0-9]*/cmdline; do tr "\\0" " " < "$f"; echo; done', '0:0');
    expect(ps.code).toBe(0);
    expect(ps.out).toContain('sleep infinity');
    expect(ps.out).toContain('sleep 300'); // the "agent" is running while we look
    for (const c of Object.values(CANARY)) expect(ps.out).not.toContain(c);
    // The engine's own record of the command line holds none either; env does (see docs).
    const state = await engine.inspectContainer(id);
    const args = JSON.stringify([state!.raw.Path, state!.raw.Args, state!.raw.Config.Cmd]);
    for (const c of Object.values(CANARY)) expect(args).not.toContain(c);
    expect(state!.raw.Config.Env).toContain(`ANTHROPIC_API_KEY=${CANARY.apiKey}`);
  });
});
