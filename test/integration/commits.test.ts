/**
 * The commit pipeline against real engines and real git: an agent commits in its container,
 * the host repo gets the very same commits on the session branch within a second, rewrites
 * wait for the user, and nothing else in the user's repo moves.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CommitService } from '../../src/main/commits';
import { EventBus } from '../../src/main/events';
import type { EventName } from '../../src/shared/contract';
import { describeEachEngine } from '../helpers/engines';
import {
  type AgentBox,
  hostGit,
  makeUserRepo,
  startAgentBox,
  userView,
  onEvent,
  waitFor,
} from './commits-fixture';

describeEachEngine('commits: watch and import', (te) => {
  const branch = 'claude/2026-11-26-170501';
  let box: AgentBox;
  let repo: { dir: string; base: string };
  let bus: EventBus;
  let service: CommitService;
  let before: Record<string, string>;
  const seen: { name: string; payload: unknown }[] = [];
  const on = <E extends EventName>(name: E) => onEvent(bus, name);

  beforeAll(async () => {
    repo = makeUserRepo(branch);
    before = userView(repo.dir, branch);
    box = await startAgentBox(te, {
      sessionId: `cw-${te.name}-${process.pid}`,
      branch,
      repo: repo.dir,
      base: repo.base,
    });
    bus = new EventBus();
    bus.subscribe((name, payload) => seen.push({ name, payload }));
    service = new CommitService({ bus, engineFor: async () => box.engine, watchInterval: 0.1 });
    await service.onSessionStatus(box.session);
  }, 60_000);

  afterAll(async () => {
    service?.dispose();
    await box?.remove();
  });

  it('imports a burst of commits with the same hashes within a second', async () => {
    const imported = waitFor(
      on('commitImported'),
      (p) => p.commits.length > 0 && p.tip === lastTip,
      10_000,
    );
    let lastTip = '';
    const out = await box.agent(
      'for i in 1 2 3; do echo "$i" > "f$i.txt"; git add "f$i.txt"; git commit -q -m "burst $i"; done; git rev-list --reverse "$1" ^"$2"',
      branch,
      repo.base,
    );
    const done = Date.now();
    const containerCommits = out.trim().split('\n');
    lastTip = containerCommits[2]!;
    await imported;
    expect(Date.now() - done).toBeLessThan(1000);
    expect(hostGit(repo.dir, 'rev-parse', `refs/heads/${branch}`)).toBe(lastTip);
    expect(hostGit(repo.dir, 'rev-list', '--reverse', branch, `^${repo.base}`).split('\n')).toEqual(
      containerCommits,
    );
    const detected = seen.filter((e) => e.name === 'commitDetected');
    expect(detected.length).toBeGreaterThan(0);
    expect(userView(repo.dir, branch)).toEqual(before);
  });

  it('lists the commits and their files for review', async () => {
    const list = await service.listCommits(box.session.id);
    expect(list.commits.map((c) => c.subject)).toEqual(['burst 3', 'burst 2', 'burst 1']);
    expect(list.commits[0]).toMatchObject({
      authorName: 'Agent',
      filesChanged: 1,
      insertions: 1,
      deletions: 0,
    });
    const whole = await service.sessionDiff(box.session.id);
    expect(whole.from).toBe(repo.base);
    expect(whole.files.map((f) => f.path).sort()).toEqual(['f1.txt', 'f2.txt', 'f3.txt']);
  });

  it('reports an amend as a rewrite and moves the branch only after acceptRewrite', async () => {
    const oldTip = hostGit(repo.dir, 'rev-parse', branch);
    const rewritten = waitFor(on('branchRewritten'), (p) => !p.accepted);
    await box.agent('git commit -q --amend -m "burst 3, amended"');
    const ev = await rewritten;
    expect(ev.oldTip).toBe(oldTip);
    expect(ev.dropped).toEqual([oldTip]);
    expect(hostGit(repo.dir, 'rev-parse', branch)).toBe(oldTip);
    const accepted = await service.acceptRewrite(box.session.id, ev.newTip);
    expect(hostGit(repo.dir, 'rev-parse', branch)).toBe(ev.newTip);
    expect(hostGit(repo.dir, 'rev-parse', accepted.backupRef)).toBe(oldTip);
    expect(accepted.backupRef).toBe(`refs/claude-code-runner/backup/${branch}/1`);
    expect(userView(repo.dir, branch)).toEqual(before);
  });

  it('reports a reset with the dropped commits', async () => {
    const oldTip = hostGit(repo.dir, 'rev-parse', branch);
    const rewritten = waitFor(on('branchRewritten'), (p) => !p.accepted && p.oldTip === oldTip);
    await box.agent('git reset -q --hard HEAD~2');
    const ev = await rewritten;
    expect(ev.dropped).toHaveLength(2);
    expect(ev.dropped[0]).toBe(oldTip);
    await service.acceptRewrite(box.session.id, ev.newTip);
    expect(hostGit(repo.dir, 'rev-parse', `refs/claude-code-runner/backup/${branch}/2`)).toBe(
      oldTip,
    );
  });

  it('reports a rebase as a rewrite, without noise about the detached HEAD it passes through', async () => {
    const imported = waitFor(on('commitImported'), (p) => p.commits.length === 2);
    await box.agent(
      'for n in one two; do echo $n > $n.txt; git add $n.txt; git commit -q -m $n; done',
    );
    await imported;
    const [two, one] = hostGit(repo.dir, 'rev-list', '-2', branch).split('\n');
    let warnings = 0;
    const off = on('commitError')((p) => {
      if (p.code === 'agent-left-branch') warnings++;
    });
    const rewritten = waitFor(on('branchRewritten'), (p) => !p.accepted && p.oldTip === two);
    // Drop "one", replay "two" on top of what came before.
    await box.agent('git rebase -q --onto HEAD~2 HEAD~1');
    const ev = await rewritten;
    off();
    expect(ev.dropped).toEqual([two, one]);
    expect(warnings).toBe(0);
    await service.acceptRewrite(box.session.id, ev.newTip);
    expect(hostGit(repo.dir, 'log', '-1', '--format=%s', branch)).toBe('two');
  });

  it('refuses to move the branch while the user has it checked out, and catches up after', async () => {
    const wt = `${repo.dir}-wt`;
    hostGit(repo.dir, 'worktree', 'add', '-q', wt, branch);
    const err = waitFor(on('commitError'), (p) => p.code === 'branch-checked-out');
    const tipBefore = hostGit(repo.dir, 'rev-parse', branch);
    await box.agent('echo more > more.txt && git add more.txt && git commit -q -m more');
    const e = await err;
    expect(e.step).toBe('import');
    expect(hostGit(repo.dir, 'rev-parse', branch)).toBe(tipBefore);
    // Retried quietly while blocked: one error, not one per retry.
    let errors = 0;
    const off = on('commitError')((p) => {
      if (p.code === 'branch-checked-out') errors++;
    });
    await new Promise((r) => setTimeout(r, 2500));
    off();
    expect(errors).toBe(0);
    const imported = waitFor(on('commitImported'), () => true, 15_000);
    hostGit(repo.dir, 'worktree', 'remove', '--force', wt);
    await imported;
    expect(hostGit(repo.dir, 'log', '-1', '--format=%s', branch)).toBe('more');
  }, 20_000);

  it('a container restarted under the watcher is no failure; a watcher killed in a running one is', async () => {
    const errors: string[] = [];
    const off = on('commitError')((e) => errors.push(`${e.code}: ${e.message}`));
    try {
      // Stopped and started again without telling the service (the engine, another tool).
      await box.engine.stopContainer(box.containerId, 1);
      await box.engine.startContainer(box.containerId);
      const back = waitFor(on('commitImported'), () => true, 30_000);
      await box.agent(
        'echo r > r.txt && git add r.txt && git commit -q -m "after an outside restart"',
      );
      await back;
      expect(hostGit(repo.dir, 'log', '-1', '--format=%s', branch)).toBe(
        'after an outside restart',
      );
      expect(errors.filter((e) => e.startsWith('watcher-ended'))).toEqual([]);

      // The watcher itself killed while its container runs: that is reported (and it comes back).
      const ended = waitFor(on('commitError'), (e) => e.code === 'watcher-ended', 30_000);
      await box.agent(
        'for p in /proc/[0-9]*; do grep -qa "commit[-]watch" "$p/cmdline" 2>/dev/null && kill -9 "${p#/proc/}" || true; done',
      );
      await ended;
      const again = waitFor(on('commitImported'), () => true, 30_000);
      await box.agent(
        'echo k > k.txt && git add k.txt && git commit -q -m "after a killed watcher"',
      );
      await again;
    } finally {
      off();
    }
  }, 90_000);

  it('catches up on commits made while the app was closed, and after a container restart', async () => {
    service.dispose();
    await box.agent(
      'echo offline > offline.txt && git add offline.txt && git commit -q -m "while closed"',
    );
    service = new CommitService({ bus, engineFor: async () => box.engine, watchInterval: 0.1 });
    const caught = waitFor(on('commitImported'), () => true);
    await service.onSessionStatus(box.session);
    await caught;
    expect(hostGit(repo.dir, 'log', '-1', '--format=%s', branch)).toBe('while closed');

    await box.engine.stopContainer(box.containerId, 1);
    await service.onSessionStatus({ ...box.session, status: 'stopped' });
    await box.engine.startContainer(box.containerId);
    await service.onSessionStatus(box.session);
    const again = waitFor(on('commitImported'), () => true);
    await box.agent('echo back > back.txt && git add back.txt && git commit -q -m "after restart"');
    await again;
    expect(hostGit(repo.dir, 'log', '-1', '--format=%s', branch)).toBe('after restart');
    expect(userView(repo.dir, branch)).toEqual(before);
  }, 30_000);
});
