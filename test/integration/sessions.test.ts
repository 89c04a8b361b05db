/**
 * A session from a folder to an agent at work, on real engines with real git: the work tree in
 * the container equals the snapshot file by file, history and branch as specified, the agent
 * runs as the container user, the container is hardened, and a canary credential reaches only
 * the container env and the intended file.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planCredentials } from '../../src/main/credentials';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionInfo } from '../../src/shared/schemas/session';
import type { SessionManager } from '../../src/main/sessions/manager';
import { describeEachEngine } from '../helpers/engines';
import {
  expectedSnapshot,
  git,
  makeFixtureRepo,
  sha256,
  type ExpectedEntry,
  type FixtureRepo,
} from '../helpers/fixture-repo';
import { makeHarness, type Harness } from '../helpers/session-harness';

const CANARY = `sk-ant-canary-${createHash('sha256').update(String(process.pid)).digest('hex').slice(0, 24)}`;
const CANARY_FILE = 'canary-oauth-file-content-7f3a9c';

interface Item {
  type: string;
  mode: number;
  uid: number;
  body: Buffer;
  linkname: string | null;
}
async function untar(stream: Readable): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  const ex = extract();
  ex.on('entry', (h, s, next) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: unknown) => chunks.push(c as Buffer));
    s.on('end', () => {
      items.set(h.name.replace(/\/$/, ''), {
        type: h.type,
        mode: h.mode,
        uid: h.uid,
        body: Buffer.concat(chunks),
        linkname: h.linkname ?? null,
      });
      next();
    });
  });
  await new Promise<void>((res, rej) => {
    ex.on('finish', () => res());
    ex.on('error', rej);
    stream.pipe(ex as unknown as NodeJS.WritableStream);
  });
  return items;
}

async function sh(h: Harness, s: SessionInfo, cmd: string[], user?: string): Promise<string> {
  const r = await h.engine.exec(s.containerId!, {
    cmd,
    user: user ?? s.containerUser,
    workdir: '/workspace',
  });
  if (r.exitCode !== 0)
    throw new Error(`${cmd.join(' ')} exited ${r.exitCode}: ${r.stderr.toString()}`);
  return r.stdout.toString('utf8');
}

describeEachEngine('sessions: start', (te) => {
  let h: Harness;
  let repo: FixtureRepo;
  let manager: SessionManager;
  let session: SessionInfo;

  beforeAll(async () => {
    // The real credentials planner, fed fake host credentials.
    h = await makeHarness(te.address, {
      planCredentials,
      env: { ANTHROPIC_API_KEY: CANARY },
      setupHome: (home) => {
        mkdirSync(join(home, '.claude'), { recursive: true });
        writeFileSync(
          join(home, '.claude', '.credentials.json'),
          JSON.stringify({ claudeAiOauth: { accessToken: CANARY_FILE } }),
        );
      },
    });
    repo = makeFixtureRepo();
    git(repo.dir, 'config', 'user.name', 'Host User');
    git(repo.dir, 'config', 'user.email', 'host.user@example.invalid');
    manager = h.manager();
    await manager.init();
    const configPath = h.config({
      agent: { command: ['scripted-agent', '--flag'] },
      setupCommands: [
        'echo setup-one-ran',
        'touch /tmp/setup-marker && test "$(id -u)" != 0',
        'touch /workspace/.w /workspace/deep/er/.w && rm /workspace/.w /workspace/deep/er/.w',
      ],
    });
    session = await manager.start({
      folder: repo.dir,
      configPath,
      prompt: '-looks like an option',
    });
  }, 600_000);

  afterAll(async () => {
    await h?.cleanup();
    repo?.cleanup();
  });

  it('is running on its own claude/<date-time> branch with status events', () => {
    expect(session.status).toBe('running');
    expect(session.branch).toMatch(/^claude\/\d{4}-\d{2}-\d{2}-\d{6}$/);
    // The work tree has uncommitted edits: the branch starts at the commit holding them.
    expect(session.startingPoint?.userHead).toBe(repo.head);
    expect(session.baseCommit).toBe(session.startingPoint?.commit);
    const statuses = h.events
      .filter((e) => e.name === 'sessionStatus')
      .map((e) => (e.payload as SessionInfo).status);
    expect(statuses[0]).toBe('starting');
    expect(statuses.at(-1)).toBe('running');
    expect(h.events.some((e) => e.name === 'sessionProgress')).toBe(true);
  });

  it('has the work tree exactly as the snapshot, owned by the container user', async () => {
    const uid = Number((await sh(h, session, ['id', '-u'])).trim());
    const tar = await untar(await h.engine.getArchive(session.containerId!, '/workspace'));
    const got = new Map<string, ExpectedEntry>();
    for (const [name, item] of tar) {
      const rel = name.slice('workspace/'.length);
      if (!name.startsWith('workspace/') || rel === '.git' || rel.startsWith('.git/')) continue;
      expect(item.uid, name).toBe(uid);
      if (item.type === 'file')
        got.set(rel, { type: 'file', hash: sha256(item.body), mode: item.mode & 0o777 });
      if (item.type === 'symlink') got.set(rel, { type: 'symlink', hash: sha256(item.linkname!) });
    }
    expect(got).toEqual(expectedSnapshot(repo.dir));
  });

  it('has the history, and the user’s edits as one commit on top of HEAD, authored as the user', async () => {
    expect((await sh(h, session, ['git', 'rev-parse', '--abbrev-ref', 'HEAD'])).trim()).toBe(
      session.branch,
    );
    expect((await sh(h, session, ['git', 'log', '--format=%H'])).trim().split('\n')).toEqual([
      session.startingPoint!.commit,
      repo.head,
      repo.firstCommit,
    ]);
    expect(await sh(h, session, ['git', 'log', '-1', '--format=%an <%ae>|%s'])).toBe(
      'Host User <host.user@example.invalid>|Uncommitted changes at session start\n',
    );
    // The agent starts from a clean tree: nothing of the user's is left for its `git add -A`.
    expect(await sh(h, session, ['git', 'status', '--porcelain=v1'])).toBe('');
    const inside = (await sh(h, session, ['git', 'diff', '--name-status', 'HEAD~1', 'HEAD']))
      .trim()
      .split('\n')
      .sort();
    const untracked = git(repo.dir, 'ls-files', '--others', '--exclude-standard')
      .trim()
      .split('\n')
      .filter((p) => p !== '._foo')
      .map((p) => `A\t${p}`);
    const host = [
      ...git(repo.dir, 'diff', '--name-status', 'HEAD').trim().split('\n'),
      ...untracked,
    ];
    expect(inside).toEqual(host.sort());
    expect(inside).toEqual(
      expect.arrayContaining([
        'M\tstaged.txt',
        'M\tunstaged.txt',
        'M\tboth.txt',
        'A\tadded.txt',
        'D\tdeleted.txt',
        'A\tnew.txt',
      ]),
    );
  });

  it('carries no hooks, credential helpers or tokens from the user repo config', async () => {
    expect((await sh(h, session, ['git', 'remote', 'get-url', 'origin'])).trim()).toBe(
      'https://example.com/team/repo.git',
    );
    const config = await sh(h, session, ['git', 'config', '--local', '--list']);
    expect(config).not.toMatch(/credential|fsmonitor|tok3n|hookspath/i);
    const hooks = (await sh(h, session, ['ls', '.git/hooks']))
      .split('\n')
      .filter((f) => f && !f.endsWith('.sample'));
    expect(hooks).toEqual([]);
  });

  it('ran the setup commands as the user, streaming their output', () => {
    const logs = h.events
      .filter((e) => e.name === 'sessionLog')
      .map((e) => (e.payload as { text: string }).text)
      .join('');
    expect(logs).toContain('setup-one-ran');
  });

  it('runs the agent as the container user with its args and the prompt last, then a shell', async () => {
    const out = await h.launcher.waitFor(session.id, 'scripted-agent done');
    expect(out).toMatch(/scripted-agent uid=1000 user=agent pwd=\/workspace/);
    expect(out).toContain(`branch=${session.branch}`);
    expect(out).toContain('arg: --flag');
    expect(out).toContain('arg: -looks like an option');
    await h.launcher.waitFor(session.id, 'now a shell');
    expect(h.launcher.specs.get(session.id)!.cmd[0]).toBe('/opt/ccr/bin/agent-run');
  });

  it('is hardened: caps dropped, no-new-privileges, pids limit, non-root', async () => {
    const state = await h.engine.inspectContainer(session.containerId!);
    const hc = state!.raw.HostConfig;
    // Docker echoes ["ALL"]; Podman lists each dropped capability.
    const dropped = (hc.CapDrop ?? []).map((c: string) => c.replace(/^CAP_/, ''));
    if (!dropped.includes('ALL'))
      expect(dropped).toEqual(
        expect.arrayContaining(['CHOWN', 'DAC_OVERRIDE', 'SETUID', 'SETGID', 'NET_RAW']),
      );
    expect(hc.CapAdd ?? []).toEqual([]);
    expect((hc.SecurityOpt ?? []).join(',')).toMatch(/no-new-privileges/);
    expect(hc.PidsLimit).toBe(256);
    expect(hc.NetworkMode).toBe('none');
    expect(state!.raw.Config.User).toBe('agent');
    expect((await sh(h, session, ['grep', 'NoNewPrivs', '/proc/self/status'])).trim()).toMatch(
      /NoNewPrivs:\s+1/,
    );
    expect((await sh(h, session, ['id', '-u'])).trim()).not.toBe('0');
    expect((await sh(h, session, ['grep', 'CapEff', '/proc/self/status'])).trim()).toMatch(
      /CapEff:\s+0+$/,
    );
  });

  it('puts the canary credential in the env and its file (0600, owned by the user), and nowhere else', async () => {
    const state = await h.engine.inspectContainer(session.containerId!);
    expect(state!.raw.Config.Env).toContain(`ANTHROPIC_API_KEY=${CANARY}`);
    const out = await h.launcher.waitFor(session.id, 'scripted-agent done');
    expect(out).toContain(`key=${sha256(CANARY).slice(0, 16)}`);
    const stat = (
      await sh(h, session, ['stat', '-c', '%a %u', '/home/agent/.claude/.credentials.json'])
    ).trim();
    expect(stat).toBe('600 1000');
    expect((await sh(h, session, ['stat', '-c', '%u', '/home/agent/.claude'])).trim()).toBe('1000');
    // No event, no record on disk, no process argument list carries it.
    const everything = JSON.stringify(h.events) + JSON.stringify(manager.list());
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain(CANARY_FILE);
    const ps = await sh(h, session, ['sh', '-c', 'cat /proc/[0-9]*/cmdline | tr "\\0" " "']);
    expect(ps).toContain('sleep');
    expect(ps).not.toContain(CANARY);
  });
});
