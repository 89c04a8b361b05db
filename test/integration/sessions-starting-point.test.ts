/**
 * The user's uncommitted edits at session start (staged, unstaged, deleted, untracked) become one
 * commit "Uncommitted changes at session start" authored as the user, made in the container
 * before the agent runs: a scripted agent's `git add -A && git commit` then holds only its own
 * change, the review lists only the agent's commit, the starting point arrives on the host with
 * the same hash, and the user's work tree, index and HEAD stay exactly as they were.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CommitService } from '../../src/main/commits';
import type { SessionManager } from '../../src/main/sessions/manager';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { describeEachEngine } from '../helpers/engines';
import { hostGit, userView } from './commits-fixture';
import { makeHarness, type Harness } from '../helpers/session-harness';

function makeDirtyRepo(): { dir: string; head: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-start-point-'));
  const w = (p: string, c: string) => {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), c);
  };
  hostGit(dir, 'init', '-q', '-b', 'main');
  hostGit(dir, 'config', 'user.name', 'Host User');
  hostGit(dir, 'config', 'user.email', 'host.user@example.invalid');
  w('.gitignore', 'secret.env\n');
  w('keep.txt', 'keep\n');
  w('unstaged.txt', 'old\n');
  w('staged.txt', 'old\n');
  w('both.txt', 'old\n');
  w('gone.txt', 'to be deleted\n');
  w('staged-gone.txt', 'to be git rm-ed\n');
  hostGit(dir, 'add', '-A');
  hostGit(dir, 'commit', '-q', '-m', 'user history');
  const head = hostGit(dir, 'rev-parse', 'HEAD');
  w('unstaged.txt', 'unstaged edit\n');
  w('staged.txt', 'staged edit\n');
  hostGit(dir, 'add', 'staged.txt');
  w('both.txt', 'staged part\n');
  hostGit(dir, 'add', 'both.txt');
  w('both.txt', 'staged part\nunstaged part\n');
  rmSync(join(dir, 'gone.txt'));
  hostGit(dir, 'rm', '-q', 'staged-gone.txt');
  w('new dir/untracked file.txt', 'untracked\n');
  w('secret.env', 'IGNORED=1\n');
  // Ignored only on this machine: copied by includeIgnored, not ignored in the container.
  w('local.json', '{"local":true}\n');
  writeFileSync(join(dir, '.git', 'info', 'exclude'), 'local.json\n');
  return { dir, head };
}

describeEachEngine('sessions: the starting point holds the user’s uncommitted edits', (te) => {
  let h: Harness;
  let repo: { dir: string; head: string };
  let manager: SessionManager;
  let session: SessionInfo;
  let service: CommitService;
  let before: Record<string, string>;

  beforeAll(async () => {
    h = await makeHarness(te.address);
    repo = makeDirtyRepo();
    manager = h.manager();
    await manager.init();
    const configPath = h.config({ includeIgnored: ['secret.env', 'local.json'] });
    before = userView(repo.dir, '');
    session = await manager.start({ folder: repo.dir, configPath });
    service = new CommitService({
      bus: h.bus,
      engineFor: async () => h.engine,
      watchInterval: 0.1,
    });
  }, 600_000);

  afterAll(async () => {
    service?.dispose();
    await h?.cleanup();
    if (repo) rmSync(repo.dir, { recursive: true, force: true });
  });

  const inContainer = async (script: string): Promise<string> => {
    const r = await h.engine.exec(session.containerId!, {
      cmd: ['bash', '-c', script],
      user: session.containerUser,
      workdir: '/workspace',
    });
    if (r.exitCode !== 0) throw new Error(`${script}: ${r.stderr.toString()}`);
    return r.stdout.toString('utf8');
  };

  it('records the starting point as the base, on top of the user’s HEAD', async () => {
    expect(session.startingPoint?.userHead).toBe(repo.head);
    expect(session.baseCommit).toBe(session.startingPoint?.commit);
    const file = JSON.parse(readFileSync(join(h.dataDir, 'sessions', 'sessions.json'), 'utf8')) as {
      sessions: SessionInfo[];
    };
    const stored = file.sessions.find((s) => s.id === session.id);
    expect(stored?.startingPoint).toEqual(session.startingPoint);
    // Inside, the agent sees a clean tree on top of the user's edits.
    // local.json (ignored only on the host, copied by includeIgnored) stays ignored inside.
    expect(await inContainer('git status --porcelain=v1 --untracked-files=all')).toBe('');
  });

  it('keeps the agent’s commit to the agent’s change and imports both commits', async () => {
    await inContainer(
      'echo agent > agent.txt && git add -A && ' +
        'git -c user.name=Agent -c user.email=agent@example.invalid commit -q -m "agent work"',
    );
    await service.onSessionStatus(session);
    const tip = (await inContainer(`git rev-parse refs/heads/${session.branch}`)).trim();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if ((await service.listCommits(session.id)).tip === tip) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const list = await service.listCommits(session.id);
    expect(list.tip).toBe(tip);
    expect(list.base).toBe(session.startingPoint!.commit);
    expect(list.commits.map((c) => c.subject)).toEqual(['agent work']);
    const agent = await service.commitDiff(session.id, list.commits[0]!.hash);
    expect(agent.files.map((f) => f.path)).toEqual(['agent.txt']);
    const whole = await service.sessionDiff(session.id);
    expect(whole.files.map((f) => f.path)).toEqual(['agent.txt']);
  }, 60_000);

  it('has exactly the user’s edits in the starting point, authored as the user', async () => {
    const start = session.startingPoint!.commit;
    expect(hostGit(repo.dir, 'log', '-1', '--format=%an <%ae>|%cn|%P|%s', start)).toBe(
      `Host User <host.user@example.invalid>|Host User|${repo.head}|Uncommitted changes at session start`,
    );
    expect(
      hostGit(repo.dir, 'diff', '--name-status', '--no-renames', repo.head, start).split('\n'),
    ).toEqual([
      'M\tboth.txt',
      'D\tgone.txt',
      'A\tnew dir/untracked file.txt',
      'D\tstaged-gone.txt',
      'M\tstaged.txt',
      'M\tunstaged.txt',
    ]);
    expect(hostGit(repo.dir, 'show', `${start}:both.txt`)).toBe('staged part\nunstaged part');
  });

  it('leaves the user’s work tree, index and HEAD untouched', () => {
    const after = userView(repo.dir, '');
    // The session branch is the only new ref.
    expect({ ...after, refs: '' }).toEqual({ ...before, refs: '' });
    expect(
      after.refs!.split('\n').filter((l) => !l.startsWith(`refs/heads/${session.branch} `)),
    ).toEqual(before.refs!.split('\n'));
  });
});
