/**
 * A review reaches the agent's terminal input on a real engine: one bracketed paste then Enter
 * (through tmux when the image has it, else through the agent's terminal), hostile bytes in the
 * quoted code neutralised; 'when-waiting' holds it while the agent works and delivers it when
 * the agent rings for input; command mode feeds the message to a command's stdin.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import { EventBus } from '../../src/main/events';
import type { FeedbackConfig } from '../../src/main/review/deliver';
import { ReviewService } from '../../src/main/review/service';
import { TerminalService } from '../../src/main/terminals/service';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { describeEachEngine, TEST_BASE_IMAGE } from '../helpers/engines';
import { BRANCH, makeReviewRepo, type ReviewRepo } from '../helpers/review-repo';
import { tmuxContainer, tmuxImage } from './tmux-fixture';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ESC = '\x1b';
// Turns on bracketed paste, puts the tty in raw mode, and copies its raw input to a file once
// /workspace/go exists (ringing the bell first: "waiting for input").
const AGENT = [
  'sh',
  '-c',
  "printf '\\033[?2004h'; stty raw -echo; echo working; " +
    'while [ ! -e /workspace/go ]; do sleep 0.1; done; ' +
    "printf '\\a'; exec cat > /workspace/in.bin",
];

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachEngine('review delivery to the agent', (te) => {
  let engine: Engine;
  let tmuxImg: string | null = null;
  let repo: ReviewRepo;
  let commit: string;
  const made: string[] = [];
  const disposers: (() => void)[] = [];
  beforeAll(async () => {
    engine = await connectEngineAt(te.address, { source: 'test' });
    ({ image: tmuxImg } = await tmuxImage(engine));
    repo = makeReviewRepo();
    commit = repo.commit({
      'evil.js': 'ok();\nx = "\x1b]52;c;ZWNobyBwd25lZA==\x07"; \x1b[2J\nend();\n',
    });
  }, 300_000);
  afterAll(async () => {
    for (const d of disposers) d();
    for (const id of made) await engine.removeContainer(id, { force: true }).catch(() => undefined);
    repo?.cleanup();
  });

  async function setup(image: string, name: string, feedback: FeedbackConfig) {
    const base = await tmuxContainer(te, engine, image, name);
    made.push(base.containerId!);
    const session: SessionInfo = { ...base, folder: repo.dir, branch: BRANCH };
    const bus = new EventBus();
    const terminals = new TerminalService({
      bus,
      getSession: async (id) => (id === session.id ? session : null),
      getEngine: async () => engine,
      quietMs: 600_000,
    });
    const review = new ReviewService({
      dataDir: mkdtempSync(join(tmpdir(), 'ccr-review-it-')),
      bus,
      getSession: async (id) => (id === session.id ? session : null),
      getEngine: async () => engine,
      terminals,
      feedback: async () => feedback,
      pollMs: 0,
    });
    disposers.push(
      () => review.dispose(),
      () => terminals.dispose(),
    );
    const read = async (file: string) => {
      const r = await engine.exec(session.containerId!, { cmd: ['cat', '--', file] });
      return r.exitCode === 0 ? r.stdout.toString('latin1') : '';
    };
    return { session, terminals, review, read };
  }

  async function hostileComment(review: ReviewService, sessionId: string) {
    const anchor = { kind: 'line', path: 'evil.js', side: 'new', startLine: 2, endLine: 2, commit };
    const c = await review.add(sessionId, anchor as never, 'What does this line do?');
    return review.compose(sessionId, [c.id]);
  }

  for (const kind of ['tmux', 'plain'] as const) {
    it(`pastes one bracketed message then Enter (${kind}), queued until the agent waits`, async (ctx) => {
      const image = kind === 'tmux' ? tmuxImg : TEST_BASE_IMAGE;
      if (!image) return ctx.skip('no image with tmux');
      const { session, terminals, review, read } = await setup(image, `review-${kind}`, {
        mode: 'paste',
      });
      await terminals.launch(session, { cmd: AGENT, user: '', workdir: '/workspace', env: {} });
      const agent = terminals.list(session.id).find((t) => t.role === 'agent')!;
      expect(agent.scrollback === 'tmux').toBe(kind === 'tmux');
      // A window shows the agent (its output feeds the attention tracker).
      await terminals.attach(agent.id, 'viewer');
      expect(review.attentionOf(session.id)).toBe('working');

      const composed = await hostileComment(review, session.id);
      expect(composed.neutralised).toBe(true);
      // The user edits the message; what they add is neutralised too (no early paste end).
      const edited = `${composed.text}\n\nAlso: ${ESC}[201~\x03 done.`;
      const sent = await review.send(session.id, edited, composed.commentIds, 'when-waiting');
      expect(sent).toEqual({ sessionId: session.id, delivered: false, via: 'paste' });
      const held = await review.get(session.id);
      expect(held.queued?.commentIds).toEqual(composed.commentIds);
      expect(held.comments[0]!.state).toBe('queued');

      // The agent asks for input (a bell): the held message goes.
      const rang = new Date().toISOString();
      await engine.exec(session.containerId!, { cmd: ['touch', '/workspace/go'] });
      const expected = `${ESC}[200~${composed.text}\n\nAlso: ⟨U+001B⟩[201~⟨U+0003⟩ done.${ESC}[201~\r`;
      const got = await until('the paste', async () => {
        const s = await read('/workspace/in.bin');
        return s.endsWith('\r') ? s : undefined;
      });
      expect(Buffer.from(got, 'latin1').toString('utf8')).toBe(expected);
      const inner = got.slice(6, -7);
      expect(inner).not.toContain(ESC);
      expect(inner).not.toContain('\x07');
      const after = await review.get(session.id);
      expect(after.queued).toBeNull();
      expect(after.comments[0]!.state).toBe('sent');
      expect(after.comments[0]!.sentAt! >= rang).toBe(true);
    }, 120_000);
  }

  it('command mode: the message arrives on the command stdin', async () => {
    const { session, review, read } = await setup(TEST_BASE_IMAGE, 'review-cmd', {
      mode: 'command',
      command: ['sh', '-c', 'cat > /workspace/cmd.txt'],
    });
    const composed = await hostileComment(review, session.id);
    const r = await review.send(session.id, composed.text, composed.commentIds, 'now');
    expect(r).toEqual({ sessionId: session.id, delivered: true, via: 'command' });
    expect(Buffer.from(await read('/workspace/cmd.txt'), 'latin1').toString('utf8')).toBe(
      composed.text,
    );
    // The merge service's way in: the same delivery.
    expect(await review.deliver(session.id, 'please rebase', 'now')).toEqual({
      delivered: true,
      via: 'command',
    });
    expect(await read('/workspace/cmd.txt')).toBe('please rebase');
  }, 120_000);

  it('a stopped session: agent-not-running, the comments stay drafts', async () => {
    const { session, review } = await setup(TEST_BASE_IMAGE, 'review-stopped', { mode: 'paste' });
    const composed = await hostileComment(review, session.id);
    session.status = 'stopped';
    await expect(
      review.send(session.id, composed.text, composed.commentIds, 'now'),
    ).rejects.toMatchObject({ code: 'agent-not-running' });
    expect((await review.get(session.id)).comments.every((c) => c.state === 'draft')).toBe(true);
  }, 120_000);
});
