/**
 * autoPush from the config: after each imported commit the branch goes to the remote without
 * a click; with the defaults nothing leaves the machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CommitService, type CommitSettings } from '../../src/main/commits';
import { EventBus } from '../../src/main/events';
import type { EventName } from '../../src/shared/contract';
import { describeEachEngine } from '../helpers/engines';
import {
  type AgentBox,
  hostGit,
  makeUserRepo,
  startAgentBox,
  waitFor,
  onEvent,
} from './commits-fixture';

describeEachEngine('commits: automation', (te) => {
  const branch = 'claude/auto';
  let box: AgentBox;
  let bare = '';
  let bus: EventBus;
  let service: CommitService;
  let settings: CommitSettings = { autoPush: false, autoCreatePR: false, pushRemote: 'origin' };
  const on = <E extends EventName>(name: E) => onEvent(bus, name);

  beforeAll(async () => {
    const repo = makeUserRepo(branch);
    bare = join(mkdtempSync(join(tmpdir(), 'ccr-auto-remote-')), 'r.git');
    execFileSync('git', ['init', '-q', '--bare', bare]);
    hostGit(repo.dir, 'remote', 'add', 'origin', bare);
    box = await startAgentBox(te, {
      sessionId: `auto-${te.name}-${process.pid}`,
      branch,
      repo: repo.dir,
      base: repo.base,
    });
    bus = new EventBus();
    service = new CommitService({
      bus,
      engineFor: async () => box.engine,
      watchInterval: 0.1,
      settingsFor: async () => settings,
    });
    await service.onSessionStatus(box.session);
  }, 60_000);

  afterAll(async () => {
    service?.dispose();
    await box?.remove();
  });

  it('pushes nothing by default', async () => {
    const pushed: unknown[] = [];
    const off = on('pushed')((p) => pushed.push(p));
    const imported = waitFor(on('commitImported'), () => true);
    await box.agent('echo a > a.txt && git add a.txt && git commit -q -m a');
    await imported;
    await new Promise((r) => setTimeout(r, 300));
    off();
    expect(pushed).toEqual([]);
    expect(hostGit(bare, 'for-each-ref')).toBe('');
  });

  it('pushes each imported commit when autoPush is on', async () => {
    settings = { ...settings, autoPush: true };
    const pushed = waitFor(on('pushed'), (p) => p.automatic);
    const tip = (
      await box.agent('echo b > b.txt && git add b.txt && git commit -q -m b && git rev-parse HEAD')
    ).trim();
    const ev = await pushed;
    expect(ev).toMatchObject({ tip, remote: 'origin', branch, forced: false });
    expect(hostGit(bare, 'rev-parse', branch)).toBe(tip);
  });
});
