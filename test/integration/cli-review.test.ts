/**
 * `claude-run review` on the real engines: comments added from the command line (a line, a
 * range on the old side, a file, the session) are listed with their anchors and quotes; the
 * composed message is shown, and sent after a yes (here through `agent.feedback` command
 * mode: the session's container receives it on stdin); a repository line holding OSC 52 and
 * a clear-screen sequence reaches the agent neutralised; `rm` removes a draft; a session that
 * is not running keeps its drafts and says so.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  reviewAddCommand,
  reviewListCommand,
  reviewRmCommand,
} from '../../src/cli/commands/review';
import { reviewSendCommand } from '../../src/cli/commands/review-send';
import type { ReviewState } from '../../src/shared/schemas/review';
import { describeEachEngine } from '../helpers/engines';
import { type CliFixture, cliFixture } from './cli-fixture';
import { type WorkSession, recordWorkSession } from './cli-work-fixture';

describeEachEngine('claude-run review', (te) => {
  let f: CliFixture;
  let live: WorkSession;
  let idle: WorkSession;

  beforeAll(async () => {
    f = await cliFixture(te);
    const userDir = join(f.homeDir, '.config', 'claude-code-runner');
    mkdirSync(userDir, { recursive: true });
    writeFileSync(
      join(userDir, 'config.json'),
      JSON.stringify({
        agent: {
          feedback: { mode: 'command', command: ['bash', '-c', 'cat > /tmp/review-got'] },
        },
      }),
    );
    live = await recordWorkSession(f, 'live', te.address, { running: true });
    idle = await recordWorkSession(f, 'idle', te.address);
  }, 120_000);
  afterAll(async () => {
    await f?.dispose();
  });

  const state = async (id: string) =>
    JSON.parse(
      (await f.run((ctx) => reviewListCommand(ctx, id, { json: true, all: true }))).stdout,
    ) as ReviewState;

  it(
    'adds line, range, file and session comments and lists them with anchors and quotes',
    { timeout: 300_000 },
    async () => {
      const id = live.session.id;
      const line = await f.run((ctx) =>
        reviewAddCommand(ctx, id, { file: 'feature.txt', line: '2', message: 'Why beta?' }),
      );
      expect(line.stderr).toBe('');
      expect(line.code).toBe(0);
      expect(line.stdout).toMatch(
        new RegExp(
          `^Added [a-z0-9-]{8}  feature\\.txt:2 \\(new\\) @${live.tip.slice(0, 7)} \\(draft\\)\\n$`,
        ),
      );
      const old = await f.run((ctx) =>
        reviewAddCommand(ctx, id, {
          file: 'app.txt',
          line: '3-3',
          side: 'old',
          commit: live.commits[1]!.slice(0, 8),
          message: 'Keep it lower case',
        }),
      );
      expect(old.stderr + old.code).toBe('0');
      const hostile = await f.run((ctx) =>
        reviewAddCommand(ctx, id, { file: 'evil.txt', line: '1', message: 'What is this?' }),
      );
      expect(hostile.stderr + hostile.code).toBe('0');
      const file = await f.run((ctx) =>
        reviewAddCommand(ctx, id, { file: 'feature.txt', message: 'Whole file' }),
      );
      // The newest commit that changed the file (the tip did not).
      expect(file.stdout).toContain(`feature.txt (file) @${live.commits[0]!.slice(0, 7)} (draft)`);
      await f.run((ctx) => reviewAddCommand(ctx, id, { message: 'Overall fine' }));

      const listed = await f.run((ctx) => reviewListCommand(ctx, id, {}));
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(
        /^[a-z0-9-]{8} {2}feature\.txt:2 \(new\) @\w{7}\n {4}\| beta\n {4}Why beta\?$/m,
      );
      expect(listed.stdout).toMatch(
        new RegExp(
          `^[a-z0-9-]{8}  app\\.txt:3 \\(old\\) @${live.commits[1]!.slice(0, 7)}\\n {4}\\| three\\n`,
          'm',
        ),
      );
      expect(listed.stdout).toMatch(
        /^[a-z0-9-]{8} {2}feature\.txt \(file\) @\w{7}\n {4}Whole file$/m,
      );
      expect(listed.stdout).toMatch(/^[a-z0-9-]{8} {2}session\n {4}Overall fine$/m);
      // Piped output: the quoted control characters are replaced, never passed on.
      expect(listed.stdout).not.toContain('\x1b');
      expect((await state(id)).comments.map((c) => c.state)).toEqual([
        'draft',
        'draft',
        'draft',
        'draft',
        'draft',
      ]);
    },
  );

  it(
    'refuses a line out of the file and a bad --line with a hint; nothing is added',
    { timeout: 300_000 },
    async () => {
      const id = live.session.id;
      const bad = await f.run((ctx) =>
        reviewAddCommand(ctx, id, { file: 'feature.txt', line: '3-2', message: 'x' }),
      );
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^error: --line "3-2" is not a line or a range\nhint: /);
      const beyond = await f.run((ctx) =>
        reviewAddCommand(ctx, id, { file: 'feature.txt', line: '99', message: 'x' }),
      );
      expect(beyond.code).toBe(1);
      expect(beyond.stderr).toMatch(/^error: .*\nhint: /);
      expect((await state(id)).comments).toHaveLength(5);
    },
  );

  it('rm removes a comment by its id prefix', { timeout: 300_000 }, async () => {
    const id = live.session.id;
    const before = await state(id);
    const whole = before.comments.find((c) => c.anchor.kind === 'file')!;
    const r = await f.run((ctx) => reviewRmCommand(ctx, whole.id.slice(0, 8), id));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `Removed ${whole.id.slice(0, 8)}  feature.txt (file) @${live.commits[0]!.slice(0, 7)}\n`,
    );
    expect((await state(id)).comments.map((c) => c.id)).not.toContain(whole.id);
  });

  it(
    'send shows the message, refuses without a yes off a terminal, and sends after one',
    { timeout: 300_000 },
    async () => {
      const id = live.session.id;
      const refused = await f.run((ctx) => reviewSendCommand(ctx, id, { now: true }));
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('--- message to the agent ---\n');
      expect(refused.stderr).toMatch(
        /stdin is not a terminal\nhint: run `claude-run review send --yes`/,
      );
      expect((await state(id)).comments.every((c) => c.state === 'draft')).toBe(true);

      const no = await f.run((ctx) => reviewSendCommand(ctx, id, { now: true }), 'n\n', {
        tty: true,
      });
      expect(no.code).toBe(1);
      expect(no.stderr).toContain('Send these 4 comment(s) to the agent? [y/N] ');

      const r = await f.run((ctx) => reviewSendCommand(ctx, id, { now: true }), 'y\n', {
        tty: true,
      });
      expect(r.stderr).toContain('[y/N] ');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Sent 4 comment\(s\) to the agent \(command\)\.\n$/);
      const got = await f.engine.exec(live.session.containerId!, {
        cmd: ['cat', '/tmp/review-got'],
      });
      const text = got.stdout.toString('utf8');
      // What the user was shown is what the agent got.
      const shown = r.stdout
        .split('--- message to the agent ---\n')[1]!
        .split('--- end of message ---')[0]!;
      expect(text.trimEnd()).toBe(shown.trimEnd());
      expect(text).toContain('feature.txt:2');
      expect(text).toContain('Why beta?');
      expect(text).toContain('Overall fine');
      expect(text).not.toContain('\x1b');
      expect(text).not.toContain('\x07');
      expect(text).toContain('look ');
      expect((await state(id)).comments.every((c) => c.state === 'sent')).toBe(true);
      const after = await f.run((ctx) => reviewListCommand(ctx, id, {}));
      expect(after.stderr).toMatch(
        /^No pending comments on claude\/live \(4 sent; --all shows them\)\./,
      );
    },
  );

  it(
    'send --print writes the message to edit; --message-file sends the edited text',
    { timeout: 300_000 },
    async () => {
      const id = live.session.id;
      await f.run((ctx) =>
        reviewAddCommand(ctx, id, { file: 'feature.txt', line: '1', message: 'Rename alpha' }),
      );
      const printed = await f.run((ctx) => reviewSendCommand(ctx, id, { print: true }));
      expect(printed.code).toBe(0);
      expect(printed.stdout).toContain('Rename alpha');
      expect(printed.stdout).not.toContain('--- message to the agent ---');
      expect((await state(id)).comments.at(-1)!.state).toBe('draft');
      const file = join(f.homeDir, 'msg.txt');
      writeFileSync(file, printed.stdout.replace('Rename alpha', 'Rename alpha to first, please'));
      const r = await f.run((ctx) =>
        reviewSendCommand(ctx, id, { messageFile: file, now: true, yes: true }),
      );
      expect(r.code).toBe(0);
      const got = await f.engine.exec(live.session.containerId!, {
        cmd: ['cat', '/tmp/review-got'],
      });
      expect(got.stdout.toString('utf8')).toContain('Rename alpha to first, please');
      expect((await state(id)).comments.at(-1)!.state).toBe('sent');
      const empty = join(f.homeDir, 'empty.txt');
      writeFileSync(empty, '  \n');
      await f.run((ctx) => reviewAddCommand(ctx, id, { message: 'One more' }));
      const refused = await f.run((ctx) =>
        reviewSendCommand(ctx, id, { messageFile: empty, yes: true }),
      );
      expect(refused.stderr).toMatch(/^error: --message-file .*empty\.txt is empty\n/);
      expect(refused.code).toBe(1);
    },
  );

  it(
    'a session that is not running keeps its drafts and says why',
    { timeout: 300_000 },
    async () => {
      const id = idle.session.id;
      await f.run((ctx) => reviewAddCommand(ctx, id, { message: 'Later' }));
      const r = await f.run((ctx) => reviewSendCommand(ctx, id, { yes: true }));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: the agent of session idle is not running/m);
      expect((await state(id)).comments.map((c) => c.state)).toEqual(['draft']);
    },
  );
});
