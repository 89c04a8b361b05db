/**
 * "Ask the agent to rebase" on real engines: the target branch's commits travel from the user's
 * repository into the session's container as a bundle (the import path reversed), land as
 * refs/ccr/onto/<target> at the host's tip, and the agent is told which files conflict. The
 * user's repository is not changed by any of it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EventBus } from '../../src/main/events';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { MergeService } from '../../src/main/merge';
import { describeEachEngine } from '../helpers/engines';
import { type AgentBox, makeUserRepo, startAgentBox, userView } from './commits-fixture';
import { commitOn, g } from './merge-fixture';

describeEachEngine('merge: rebase request into the container', (te) => {
  const branch = 'claude/rebase-request';
  let box: AgentBox;
  let repo: { dir: string; base: string };
  let service: MergeService;
  let s: SessionInfo;
  const sent: { id: string; text: string }[] = [];

  beforeAll(async () => {
    repo = makeUserRepo(branch);
    // The agent's change, already imported to the host, and present in the container too.
    commitOn(repo.dir, branch, 'app.txt', 'the agent version\n', 'agent edits app');
    box = await startAgentBox(te, {
      sessionId: `rr-${te.name}-${process.pid}`,
      branch,
      repo: repo.dir,
      base: repo.base,
    });
    s = { ...box.session, baseBranch: 'main' };
    service = new MergeService({
      bus: new EventBus(),
      dataDir: mkdtempSync(join(tmpdir(), 'ccr-merge-data-')),
      getSession: async () => s,
      removeSession: async () => undefined,
      engineAt: async () => box.engine,
      pushRemote: async () => 'origin',
      sendToAgent: async (id, text) => {
        sent.push({ id, text });
        return { delivered: false };
      },
    });
  }, 120_000);

  afterAll(async () => {
    service?.dispose();
    await box?.remove();
  });

  it('brings the target tip into the container and names the conflicts to the agent', async () => {
    // The user's branch moves on with a conflicting change to the same file.
    const ontoTip = commitOn(repo.dir, 'main', 'app.txt', 'the user version\n', 'user edits app');
    const before = userView(repo.dir, branch);
    const res = await service.requestRebase({ sessionId: box.session.id });
    expect(res).toEqual({
      sessionId: box.session.id,
      onto: 'main',
      ontoTip,
      containerRef: 'refs/ccr/onto/main',
      delivered: false,
    });
    const inContainer = await box.agent('git rev-parse refs/ccr/onto/main');
    expect(inContainer.trim()).toBe(g(repo.dir, 'rev-parse', 'refs/heads/main'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.id).toBe(box.session.id);
    expect(sent[0]!.text).toContain('  - app.txt');
    expect(sent[0]!.text).toContain('git rebase refs/ccr/onto/main');
    // No bundle file is left behind in the container.
    expect((await box.agent('ls /tmp | grep -c ccr-onto || true')).trim()).toBe('0');
    expect(userView(repo.dir, branch)).toEqual(before);
    // The agent can rebase onto it with its own git.
    const rebased = await box.agent(
      'git rebase refs/ccr/onto/main >/dev/null 2>&1 || { git checkout -q --theirs app.txt; git add app.txt; GIT_EDITOR=true git rebase --continue >/dev/null; }; git merge-base --is-ancestor refs/ccr/onto/main HEAD && echo ok',
    );
    expect(rebased.trim()).toBe('ok');
  });

  it('updates the ref when the target moves again', async () => {
    const ontoTip = commitOn(repo.dir, 'main', 'later.txt', 'later\n', 'user works on');
    const res = await service.requestRebase({ sessionId: box.session.id, onto: 'main' });
    expect(res.ontoTip).toBe(ontoTip);
    expect((await box.agent('git rev-parse refs/ccr/onto/main')).trim()).toBe(ontoTip);
  });

  it('sends the whole branch when the container lacks a commit the small bundle needs', async () => {
    // A base the container never saw: a bundle that leaves it out cannot be fetched there.
    const hostOnly = commitOn(repo.dir, 'main', 'host-only.txt', 'x\n', 'host only');
    const ontoTip = commitOn(repo.dir, 'main', 'after.txt', 'y\n', 'after it');
    const saved = s.baseCommit;
    s.baseCommit = hostOnly;
    try {
      const res = await service.requestRebase({ sessionId: box.session.id });
      expect(res.ontoTip).toBe(ontoTip);
      expect((await box.agent('git rev-parse refs/ccr/onto/main')).trim()).toBe(ontoTip);
    } finally {
      s.baseCommit = saved;
    }
  });
});
