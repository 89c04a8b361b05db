/**
 * The real credentials planner inside a real session (sessions pipeline, fixture image with the
 * non-root user `agent`), once per engine: from a fake host home full of canary credentials, the
 * container gets what the plan says, owned by the agent with mode 0600, and no canary shows up
 * in any event the app emits or in any process's arguments; tokens that stay home are nowhere.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { planCredentials, REDACTED } from '../../src/main/credentials';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { describeEachEngine } from '../helpers/engines';
import { git } from '../helpers/fixture-repo';
import { makeHarness, type Harness } from '../helpers/session-harness';
import { CANARY, oauthFile } from '../helpers/fake-home';

const STAY_HOME = [CANARY.ghToken, CANARY.ghCli, CANARY.gitlabToken];
const DB_PASS_CANARY = 'CANARYdbpass7Qw9zXk2';
const FORWARDED = [CANARY.apiKey, CANARY.accessToken, CANARY.refreshToken];

describeEachEngine('credentials through a real session', (te) => {
  let h: Harness;
  let repoDir: string;
  let session: SessionInfo;

  const sh = async (script: string, user?: string) => {
    const r = await h.engine.exec(session.containerId!, {
      cmd: ['bash', '-c', script],
      user: user ?? session.containerUser,
    });
    return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() };
  };

  beforeAll(async () => {
    h = await makeHarness(te.address, (input) =>
      planCredentials({
        ...input,
        env: {
          ...input.env,
          ANTHROPIC_API_KEY: CANARY.apiKey,
          GH_TOKEN: CANARY.ghToken,
          GITLAB_TOKEN: CANARY.gitlabToken,
        },
        readGitConfig: async (key) => (key === 'user.name' ? 'Ada Lovelace' : 'ada@example.com'),
        readGhToken: async () => CANARY.ghCli,
      }),
    );
    const put = (rel: string, content: string) => {
      mkdirSync(dirname(join(h.homeDir, rel)), { recursive: true });
      writeFileSync(join(h.homeDir, rel), content);
    };
    put('.claude/.credentials.json', oauthFile());
    put(
      '.claude.json',
      JSON.stringify({ hasCompletedOnboarding: true, projects: { '/secret': {} } }),
    );
    put('.claude/projects/-secret/t.jsonl', 'transcript of another project');
    put('.claude/commands/review.md', '# review');

    repoDir = mkdtempSync(join(tmpdir(), 'ccr-cred-repo-'));
    git(repoDir, 'init', '-q', '-b', 'main');
    writeFileSync(join(repoDir, 'a.txt'), 'a\n');
    git(repoDir, 'add', '.');
    git(repoDir, 'commit', '-q', '-m', 'init');

    const manager = h.manager();
    await manager.init();
    session = await manager.start({
      folder: repoDir,
      configPath: h.config({
        agent: { command: ['sleep', '300'] },
        // The config's own secret: hidden in Settings, so hidden in the setup output too.
        environment: { DB_PASS: DB_PASS_CANARY },
        // A setup command that prints a forwarded secret, as a careless script would.
        setupCommands: [
          'echo "key is $ANTHROPIC_API_KEY"; echo "db is $DB_PASS"; cat ~/.claude/.credentials.json >&2',
        ],
      }),
    });
  }, 600_000);

  afterAll(async () => {
    await h?.cleanup();
    if (repoDir) rmSync(repoDir, { recursive: true, force: true });
  });

  it('lands the planned files owned by the agent, secrets 0600, and nothing of other projects', async () => {
    expect(session.status).toBe('running');
    const r = await sh(
      'cd ~ && stat -c "%a %U %n" .claude .claude/.credentials.json .claude.json .claude/commands/review.md; ls -a .claude',
    );
    expect(r.err).toBe('');
    const [dir, creds, json, cmd, ...ls] = r.out.trim().split('\n');
    expect([dir, creds, json, cmd]).toEqual([
      '700 agent .claude',
      '600 agent .claude/.credentials.json',
      '600 agent .claude.json',
      '644 agent .claude/commands/review.md',
    ]);
    expect(ls).not.toContain('projects');
    expect((await sh('cat ~/.claude.json')).out).not.toContain('/secret');
    expect((await sh('cd ~ && git config --get user.name')).out).toBe('Ada Lovelace\n');
  });

  it('forwarded secrets reach the container; GitHub/GitLab tokens do not', async () => {
    const all = (await sh('cat /proc/1/environ; find ~ -type f -exec cat {} + 2>/dev/null')).out;
    for (const c of FORWARDED) expect(all).toContain(c);
    for (const c of STAY_HOME) expect(all).not.toContain(c);
  });

  it('no canary in any event the app emitted, nor in any process arguments', async () => {
    const events = JSON.stringify(h.events);
    expect(events).toContain('sessionStatus'); // the events were recorded at all
    expect(events).toContain(`key is ${REDACTED}`); // the setup output arrived, redacted
    expect(events).toContain(`db is ${REDACTED}`);
    expect(events).not.toContain(DB_PASS_CANARY);
    for (const c of Object.values(CANARY)) expect(events).not.toContain(c);
    const ps = await sh('for f in /proc/[0-9]*/cmdline; do tr "\\0" " " < "$f"; echo; done', '0:0');
    expect(ps.out).toContain('sleep 300'); // the agent is running while we look
    for (const c of Object.values(CANARY)) expect(ps.out).not.toContain(c);
  });
});
