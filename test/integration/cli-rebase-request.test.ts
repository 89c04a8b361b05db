/**
 * `claude-run merge` on a conflict, then `claude-run merge --ask-agent`, on the real engines:
 * the session's container holds the agent's repository (as a session's does); the conflicting
 * merge changes nothing and exits 1; --ask-agent brings the target's tip into the container
 * (refs/ccr/onto/main) and queues the message for the agent (it is not waiting for input), which
 * `claude-run review --json` shows. The user's repository is not changed by any of it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mergeCommand } from '../../src/cli/commands/merge';
import { reviewListCommand } from '../../src/cli/commands/review';
import { SessionStore } from '../../src/main/sessions/store';
import type { ReviewState } from '../../src/shared/schemas/review';
import { describeEachEngine } from '../helpers/engines';
import { type CliFixture, cliFixture } from './cli-fixture';
import { type AgentBox, makeUserRepo, startAgentBox, userView } from './commits-fixture';
import { commitOn, g } from './merge-fixture';

describeEachEngine('claude-run merge --ask-agent', (te) => {
  const branch = 'claude/cli-rebase';
  let f: CliFixture;
  let box: AgentBox;
  let repo: { dir: string; base: string };
  let id: string;

  beforeAll(async () => {
    f = await cliFixture(te);
    // The session's container is not made by the app here: the records alone name it.
    delete f.env.CCR_SCOPE_LABEL;
    repo = makeUserRepo(branch);
    commitOn(repo.dir, branch, 'app.txt', 'the agent version\n', 'agent edits app');
    id = `cli-rr-${f.scope.replace(/[^a-z0-9]/g, '')}`;
    box = await startAgentBox(te, { sessionId: id, branch, repo: repo.dir, base: repo.base });
    await new SessionStore(join(f.dataDir, 'sessions')).update((all) => [
      ...all,
      { ...box.session, baseBranch: 'main' },
    ]);
  }, 300_000);
  afterAll(async () => {
    await box?.remove();
    await f?.dispose();
  });

  it(
    'a conflict changes nothing; --ask-agent brings main into the container and queues the request',
    { timeout: 300_000 },
    async () => {
      const ontoTip = commitOn(repo.dir, 'main', 'app.txt', 'the user version\n', 'user edits app');
      const before = userView(repo.dir, branch);
      const conflict = await f.run((ctx) => mergeCommand(ctx, id, {}));
      expect(conflict.stdout).toBe(
        `Conflicts: ${branch} does not merge into main (merge); nothing was changed.\n  app.txt\n`,
      );
      expect(conflict.code).toBe(1);
      expect(userView(repo.dir, branch)).toEqual(before);

      const r = await f.run((ctx) => mergeCommand(ctx, id, { askAgent: true, json: true }));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        sessionId: id,
        onto: 'main',
        ontoTip,
        containerRef: 'refs/ccr/onto/main',
        delivered: false,
      });
      expect((await box.agent('git rev-parse refs/ccr/onto/main')).trim()).toBe(
        g(repo.dir, 'rev-parse', 'refs/heads/main'),
      );
      const review = JSON.parse(
        (await f.run((ctx) => reviewListCommand(ctx, id, { json: true }))).stdout,
      ) as ReviewState;
      expect(review.queued?.text).toContain('app.txt');
      expect(review.queued?.text).toContain('refs/ccr/onto/main');
      expect(userView(repo.dir, branch)).toEqual(before);
    },
  );
});
