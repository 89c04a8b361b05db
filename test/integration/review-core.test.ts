/**
 * The review domain through the app's own wiring (createCore, contract handlers): a session
 * started for real, a comment added, the composed message sent with `agent.feedback` in command
 * mode from the session's config, and the command in the container receives it on stdin.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core';
import { connectEngineAt } from '../../src/main/engine';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { describeEachEngine } from '../helpers/engines';
import { makeFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo';
import { FIXTURE_DOCKERFILE, SESSION_TEST_IMAGE } from '../helpers/session-harness';

const ctx = { transport: 'local' as const, signal: new AbortController().signal };

describeEachEngine('review through the core', (te) => {
  let core: Core;
  let repo: FixtureRepo;
  let tmp: string;
  let session: SessionInfo | undefined;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ccr-core-review-'));
    repo = makeFixtureRepo();
    core = await createCore({
      dataDir: join(tmp, 'data'),
      mode: 'web',
      version: '0.0.0-test',
      env: { PATH: process.env.PATH, DOCKER_HOST: te.address },
      homeDir: tmp,
    });
  }, 600_000);

  afterAll(async () => {
    await core?.dispose();
    if (session?.containerId) {
      const engine = await connectEngineAt(te.address);
      await engine.removeContainer(session.containerId, { force: true }).catch(() => undefined);
    }
    repo?.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('sends a review to the configured feedback command', async () => {
    const configPath = join(tmp, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        dockerImage: SESSION_TEST_IMAGE,
        dockerfile: FIXTURE_DOCKERFILE,
        network: te.name === 'docker' ? 'none' : 'default',
        agent: {
          command: ['sleep', '600'],
          feedback: { mode: 'command', command: ['sh', '-c', 'cat > /tmp/feedback.txt'] },
        },
      }),
    );
    session = await core.handlers.startSession({ folder: repo.dir, configPath }, ctx);
    expect(session.status).toBe('running');
    const sessionId = session.id;
    await core.handlers.addReviewComment(
      { sessionId, anchor: { kind: 'session' }, body: 'Please add tests \x1b[2J.' },
      ctx,
    );
    const composed = await core.handlers.composeReview({ sessionId }, ctx);
    expect(composed.text).toContain('Please add tests ⟨U+001B⟩[2J.');
    const sent = await core.handlers.sendReview(
      { sessionId, text: composed.text, commentIds: composed.commentIds, when: 'now' },
      ctx,
    );
    expect(sent).toEqual({ sessionId, delivered: true, via: 'command' });
    const engine = await connectEngineAt(te.address);
    const r = await engine.exec(session.containerId!, { cmd: ['cat', '/tmp/feedback.txt'] });
    expect(r.stdout.toString()).toBe(composed.text);
    const state = await core.handlers.getReview({ sessionId }, ctx);
    expect(state.comments.map((c) => c.state)).toEqual(['sent']);
  }, 300_000);

  it('drops the comments of a session that is removed', async () => {
    const sessionId = session!.id;
    await core.handlers.addReviewComment(
      { sessionId, anchor: { kind: 'session' }, body: 'A draft left behind.' },
      ctx,
    );
    const file = join(tmp, 'data', 'review', `${sessionId}.json`);
    expect(existsSync(file)).toBe(true);
    await core.handlers.removeSession({ id: sessionId }, ctx);
    session = undefined;
    expect(existsSync(file)).toBe(false);
    await expect(core.handlers.getReview({ sessionId }, ctx)).rejects.toMatchObject({
      code: 'session-not-found',
    });
  }, 120_000);
});
