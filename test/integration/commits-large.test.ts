/**
 * A large commit through the whole pipeline: 3000 files and a 5 MB file made in the container
 * arrive on the host with the same hash, and review answers with a file list first and the
 * big file behind the size guard.
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
  waitFor,
  onEvent,
} from './commits-fixture';

describeEachEngine('commits: a large commit', (te) => {
  const branch = 'claude/large';
  let box: AgentBox;
  let bus: EventBus;
  let service: CommitService;
  let repo: { dir: string; base: string };
  const on = <E extends EventName>(name: E) => onEvent(bus, name);

  beforeAll(async () => {
    repo = makeUserRepo(branch);
    box = await startAgentBox(te, {
      sessionId: `large-${te.name}-${process.pid}`,
      branch,
      repo: repo.dir,
      base: repo.base,
    });
    bus = new EventBus();
    service = new CommitService({ bus, engineFor: async () => box.engine, watchInterval: 0.1 });
    await service.onSessionStatus(box.session);
  }, 60_000);

  afterAll(async () => {
    service?.dispose();
    await box?.remove();
  });

  it('imports 3000 files and a 5 MB file, and reviews them on demand', async () => {
    const imported = waitFor(on('commitImported'), () => true, 30_000);
    const tip = (
      await box.agent(
        `mkdir gen; for i in $(seq 1 3000); do echo "file $i" > "gen/f$i.txt"; done
         head -c 5000000 /dev/urandom | base64 > big.txt
         git add gen big.txt && git commit -q -m "a lot" && git rev-parse HEAD`,
      )
    ).trim();
    await imported;
    expect(hostGit(repo.dir, 'rev-parse', branch)).toBe(tip);
    const summary = await service.commitDiff(box.session.id, tip);
    expect(summary.files).toHaveLength(3001);
    const big = await service.fileDiff(box.session.id, { commit: tip, path: 'big.txt' });
    // Above the guard only its first part comes (the rest on request), with the whole's size.
    expect(big.tooLarge).toBe(true);
    expect(big.patch.startsWith('diff --git a/big.txt b/big.txt')).toBe(true);
    expect(big.patch.length).toBeLessThanOrEqual(300 * 1024);
    expect(big.totalLines).toBeGreaterThan(big.patch.split('\n').length);
    const whole = await service.fileDiff(box.session.id, {
      commit: tip,
      path: 'big.txt',
      loadAnyway: true,
    });
    expect(whole.patch.length).toBeGreaterThan(5_000_000);
    const small = await service.fileDiff(box.session.id, { commit: tip, path: 'gen/f7.txt' });
    expect(small.patch).toContain('+file 7');
  }, 60_000);
  // On a loaded machine git may take many seconds to make a bundle: simulated with a
  // commit-bundle that works 7 s (reporting progress, as git does) before the real one runs.
  // The import must come through the watcher, without dropping it as stuck.
  it('waits for a bundle that takes long to make, as long as it makes progress', async () => {
    const bin = '/opt/ccr/bin/commit-bundle';
    const root = async (script: string) => {
      const r = await box.engine.exec(box.containerId, {
        cmd: ['bash', '-ec', script, 'root', bin],
      });
      if (r.exitCode !== 0) throw new Error(r.stderr.toString());
    };
    await root(`mv "$1" "$1.real"
      printf '%s\\n' '#!/bin/bash' \\
        'for i in $(seq 1 14); do printf "Counting objects: %d\\r" "$i" >&2; sleep 0.5; done' \\
        "exec $1.real \\"\\$@\\"" > "$1"
      chmod 755 "$1"`);
    const errors: string[] = [];
    const off = on('commitError')((p) => errors.push(p.code));
    try {
      const imported = waitFor(on('commitImported'), () => true, 60_000);
      const tip = (
        await box.agent(
          'echo slow > slow.txt && git add slow.txt && git commit -q -m slow && git rev-parse HEAD',
        )
      ).trim();
      await imported;
      expect(hostGit(repo.dir, 'rev-parse', branch)).toBe(tip);
      expect(errors).toEqual([]);
    } finally {
      off();
      await root('mv "$1.real" "$1"');
    }
  }, 90_000);
});
