/**
 * `claude-run list` with usage: a session whose usage record holds the transcript fixture's
 * figures (counted by the same code the app's watcher feeds) shows them in the TOKENS and COST
 * columns, and `list --json` carries them in the row's `usage` field with today's total beside.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCommand } from '../../src/cli/commands/list';
import { TranscriptFeed } from '../../src/main/usage/feed';
import { emptyRecord, UsageTally } from '../../src/main/usage/record';
import { UsageStore } from '../../src/main/usage/store';
import { parseTranscriptLine } from '../../src/main/usage/transcript';
import { testEngine } from '../helpers/engines';
import { type CliFixture, cliFixture } from './cli-fixture';
import { type WorkSession, recordWorkSession } from './cli-work-fixture';

const FIXTURE = join(__dirname, '../unit/usage/fixtures/projects/-workspace');
const { engine: te, reason } = testEngine('docker');

(te ? describe : describe.skip)(
  `claude-run list with usage${te ? '' : ` (skipped: ${reason})`}`,
  () => {
    let f: CliFixture;
    let w: WorkSession;

    beforeAll(async () => {
      f = await cliFixture(te!);
      w = await recordWorkSession(f, 'usage', te!.address);
      const record = emptyRecord(w.session.id);
      const tally = new UsageTally(record);
      const feed = new TranscriptFeed(record.files, (line) => {
        const e = parseTranscriptLine(line);
        if (e) tally.add(e);
      });
      feed.chunk(
        '/home/agent/.claude/projects/-workspace/a.jsonl',
        0,
        readFileSync(join(FIXTURE, '0b1c2d3e.jsonl')),
      );
      feed.chunk(
        '/home/agent/.claude/projects/-workspace/a/subagents/b.jsonl',
        0,
        readFileSync(join(FIXTURE, '0b1c2d3e/subagents/agent-a1.jsonl')),
      );
      await new UsageStore(f.dataDir).write(record);
    });
    afterAll(async () => {
      await f?.dispose();
    });

    it('list --json carries the figures in `usage`', async () => {
      const r = await f.run((ctx) => listCommand(ctx, { all: true, json: true }));
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as {
        containers: { sessionId: string; usage: Record<string, unknown> | null }[];
        usageToday: { day: string; tokens: Record<string, number>; costUsd: number };
      };
      expect(doc.containers).toHaveLength(1);
      expect(doc.containers[0]!.sessionId).toBe(w.session.id);
      expect(doc.containers[0]!.usage).toMatchObject({
        tokens: { input: 28, output: 280, cacheCreation: 1600, cacheRead: 36000 },
        costUsd: 0.028845,
        unpricedModels: ['claude-future-9'],
        byDay: [
          { day: '2026-11-30', costUsd: 0.028017 },
          { day: '2026-12-01', costUsd: 0.000828 },
        ],
      });
      expect(doc.usageToday.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('list shows TOKENS and COST, and says which models have no price', async () => {
      const r = await f.run((ctx) => listCommand(ctx, { all: true }));
      expect(r.code).toBe(0);
      const [header, row] = r.stdout.split('\n');
      expect(header).toMatch(/\bTOKENS\s+COST\s+FOLDER\b/);
      // 28 + 280 + 1600 + 36000 tokens; $0.028845 rounds to $0.03; * = a model without a price.
      expect(row).toMatch(/\s37\.9k\s+\$0\.03\*\s/);
      expect(r.stderr).toContain(
        '* estimated cost without claude-future-9 (not in the price table)',
      );
    });
  },
);
