/**
 * Sessions whose exec user is not the repository's owner (containerUser "" on an image whose
 * default user is root, while the workspace belongs to the agent's uid): git's ownership check
 * must not stop the watcher or the bundle.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CommitService } from '../../src/main/commits';
import { EventBus } from '../../src/main/events';
import { describeEachEngine } from '../helpers/engines';
import { type AgentBox, hostGit, makeUserRepo, startAgentBox, waitFor } from './commits-fixture';

describeEachEngine('commits: watcher as another user than the repo owner', (te) => {
  const branch = 'claude/root-watcher';
  let box: AgentBox;
  let bus: EventBus;
  let service: CommitService;
  let repo: { dir: string; base: string };
  const errors: unknown[] = [];

  beforeAll(async () => {
    repo = makeUserRepo(branch);
    box = await startAgentBox(te, {
      sessionId: `root-${te.name}-${process.pid}`,
      branch,
      repo: repo.dir,
      base: repo.base,
    });
    bus = new EventBus();
    bus.subscribe((n, p) => {
      if ((n as string) === 'commitError') errors.push(p);
    });
    service = new CommitService({ bus, engineFor: async () => box.engine, watchInterval: 0.1 });
    await service.onSessionStatus({ ...box.session, containerUser: '' });
  }, 60_000);

  afterAll(async () => {
    service?.dispose();
    await box?.remove();
  });

  it('imports commits made by the agent user while watching as root', async () => {
    const imported = waitFor(
      (cb: (p: unknown) => void) =>
        bus.subscribe((n, p) => (n as string) === 'commitImported' && cb(p)),
      () => true,
    );
    const tip = (
      await box.agent('echo r > r.txt && git add r.txt && git commit -q -m r && git rev-parse HEAD')
    ).trim();
    await imported;
    expect(hostGit(repo.dir, 'rev-parse', branch)).toBe(tip);
    expect(errors).toEqual([]);
  });
});
