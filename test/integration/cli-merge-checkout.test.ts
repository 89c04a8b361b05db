/**
 * `claude-run merge --update-checkout`: when the merge moved the branch checked out in the
 * user's work tree, the work tree follows it if none of the files involved has uncommitted
 * changes (the user's other edits stay); otherwise nothing in the work tree changes and the
 * files are named.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeCommand } from '../../src/cli/commands/merge';
import { testEngine } from '../helpers/engines';
import { type CliFixture, cliFixture } from './cli-fixture';
import { type WorkSession, git, recordWorkSession } from './cli-work-fixture';

const { engine: te, reason } = testEngine('docker');

(te ? describe : describe.skip)(
  `claude-run merge --update-checkout${te ? '' : ` (skipped: ${reason})`}`,
  () => {
    let f: CliFixture;
    let first: WorkSession;
    let second: WorkSession;

    beforeAll(async () => {
      f = await cliFixture(te!);
      second = await recordWorkSession(f, 'second', te!.address, { prefix: 'b-', line3: 'Three' });
      first = await recordWorkSession(f, 'first', te!.address, { prefix: 'a-', line3: null });
      writeFileSync(join(f.repo, 'README.md'), '# test\nmy edit\n');
    }, 120_000);
    afterAll(async () => {
      await f?.dispose();
    });

    it(
      'updates a work tree whose edits are elsewhere, keeping them',
      { timeout: 300_000 },
      async () => {
        const r = await f.run((ctx) =>
          mergeCommand(ctx, first.session.id, { updateCheckout: true }),
        );
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^Merged claude\/first into main \(fast-forward\)/);
        expect(r.stdout).toContain('Your checkout was updated to the merged branch.\n');
        expect(git(f.repo, 'rev-parse', 'HEAD')).toBe(first.tip);
        expect(readFileSync(join(f.repo, 'a-feature.txt'), 'utf8')).toBe(
          'alpha\nbeta\ngamma\ndelta\n',
        );
        expect(git(f.repo, 'status', '--porcelain')).toBe('M README.md');
      },
    );

    it(
      'leaves the work tree alone when an edited file is involved, and says which',
      { timeout: 300_000 },
      async () => {
        writeFileSync(join(f.repo, 'app.txt'), 'my own app.txt\n');
        const r = await f.run((ctx) =>
          mergeCommand(ctx, second.session.id, { updateCheckout: true, json: true }),
        );
        expect(r.code).toBe(0);
        const doc = JSON.parse(r.stdout) as { result: { newTip: string }; checkout: unknown };
        expect(doc.checkout).toEqual({ updated: false, blockedBy: ['app.txt'] });
        expect(git(f.repo, 'rev-parse', 'refs/heads/main')).toBe(doc.result.newTip);
        expect(git(f.repo, 'rev-parse', 'HEAD')).toBe(doc.result.newTip);
        expect(readFileSync(join(f.repo, 'app.txt'), 'utf8')).toBe('my own app.txt\n');
      },
    );
  },
);
