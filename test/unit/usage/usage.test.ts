/**
 * Usage figures from a transcript fixture with known token counts: a message repeated per
 * content block counts once, a message copied into another file (a resumed conversation) counts
 * once, a sidechain (subagent) counts, garbage / synthetic / ill-typed lines do not, an unknown
 * model has tokens but no cost. Fed whole, in small chunks split mid-line, and across a restart
 * from the persisted record, the figures are the same, exactly.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptFeed } from '../../../src/main/usage/feed';
import { costOf, priceFor, PRICES } from '../../../src/main/usage/prices';
import {
  emptyRecord,
  MAX_MODELS,
  OTHER_MODELS,
  type UsageRecord,
  UsageTally,
} from '../../../src/main/usage/record';
import { sessionUsage, usageReport } from '../../../src/main/usage/report';
import { UsageStore } from '../../../src/main/usage/store';
import { parseTranscriptLine } from '../../../src/main/usage/transcript';
import { acceptablePath } from '../../../src/main/usage/watcher';

const FIXTURE = join(__dirname, 'fixtures/projects/-workspace');
const MAIN = '/root/.claude/projects/-workspace/0b1c2d3e.jsonl';
const SUB = '/root/.claude/projects/-workspace/0b1c2d3e/subagents/agent-a1.jsonl';
const files: [string, Buffer][] = [
  [MAIN, readFileSync(join(FIXTURE, '0b1c2d3e.jsonl'))],
  [SUB, readFileSync(join(FIXTURE, '0b1c2d3e/subagents/agent-a1.jsonl'))],
];

/** What the fixture holds, counted by hand (see the fixture's lines). */
const EXPECTED = {
  tokens: { input: 28, output: 280, cacheCreation: 1600, cacheRead: 36000 },
  // sonnet 0.015873 + opus-4-1 0.01242 + haiku 0.000552; the unknown model adds nothing.
  costUsd: 0.028845,
  unpricedModels: ['claude-future-9'],
  byModel: [
    {
      model: 'claude-future-9',
      tokens: { input: 7, output: 70, cacheCreation: 0, cacheRead: 0 },
      costUsd: null,
    },
    {
      model: 'claude-haiku-4-5-20251001',
      tokens: { input: 2, output: 20, cacheCreation: 200, cacheRead: 2000 },
      costUsd: 0.000552,
    },
    {
      model: 'claude-opus-4-1-20250805',
      tokens: { input: 3, output: 30, cacheCreation: 300, cacheRead: 3000 },
      costUsd: 0.01242,
    },
    {
      model: 'claude-sonnet-4-5-20250929',
      tokens: { input: 16, output: 160, cacheCreation: 1100, cacheRead: 31000 },
      costUsd: 0.015873,
    },
  ],
  // Timestamps are at noon UTC: the same local day in any time zone within ±11 h.
  byDay: [
    {
      day: '2026-11-30',
      tokens: { input: 27, output: 270, cacheCreation: 1500, cacheRead: 35000 },
      costUsd: 0.028017,
    },
    {
      day: '2026-12-01',
      tokens: { input: 1, output: 10, cacheCreation: 100, cacheRead: 1000 },
      costUsd: 0.000828,
    },
  ],
};

function counter(record = emptyRecord('s1')) {
  const tally = new UsageTally(record);
  const feed = new TranscriptFeed(record.files, (line) => {
    const e = parseTranscriptLine(line);
    if (e) tally.add(e);
  });
  return { record, feed };
}

function figures(record: UsageRecord) {
  const { updatedAt: _u, sessionId: _s, ...rest } = sessionUsage(record);
  return rest;
}

describe('usage from a transcript', () => {
  it('counts the fixture exactly', () => {
    const { record, feed } = counter();
    for (const [path, bytes] of files) expect(feed.chunk(path, 0, bytes)).toBe('read');
    expect(figures(record)).toEqual(EXPECTED);
    expect(record.files[MAIN]!.offset).toBe(files[0]![1].length);
    expect(record.files[SUB]!.offset).toBe(files[1]![1].length);
  });

  it('gives the same figures from small chunks split mid-line, and partial lines wait', () => {
    const { record, feed } = counter();
    for (const [path, bytes] of files) {
      for (let at = 0; at < bytes.length; at += 37) {
        feed.chunk(path, at, bytes.subarray(at, Math.min(at + 37, bytes.length)));
        // The offset only ever covers complete lines.
        const offset = record.files[path]!.offset;
        expect(offset === 0 || bytes[offset - 1] === 10).toBe(true);
      }
    }
    expect(figures(record)).toEqual(EXPECTED);
  });

  it('goes on from the persisted record after a restart, reading only the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccr-usage-'));
    try {
      const store = new UsageStore(dir);
      const [path, bytes] = files[0]!;
      const cut = 2500; // inside a line
      const first = counter(emptyRecord('s1'));
      first.feed.chunk(path, 0, bytes.subarray(0, cut));
      await store.write(first.record);
      const offset = first.record.files[path]!.offset;
      expect(offset).toBeLessThan(cut);

      const loaded = await store.read('s1');
      expect(loaded).toEqual(JSON.parse(JSON.stringify(first.record)));
      const again = counter(loaded!);
      // The watcher resumes at the record's offset: the partial line comes again, whole.
      expect(again.feed.offsets()[path]).toBe(offset);
      // Already-read bytes are not read again: changing them changes nothing.
      again.feed.chunk(path, offset, bytes.subarray(offset));
      again.feed.chunk(SUB, 0, files[1]![1]);
      expect(figures(again.record)).toEqual(EXPECTED);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a replaced (shorter) file from the start, counting its messages once', () => {
    const { record, feed } = counter();
    const [path, bytes] = files[0]!;
    feed.chunk(path, 0, bytes);
    // The script sends from 0 when the file became shorter than the offset.
    const lastLine = bytes.subarray(bytes.lastIndexOf(10, bytes.length - 2) + 1);
    expect(feed.chunk(path, 0, lastLine)).toBe('read');
    expect(record.files[path]!.offset).toBe(lastLine.length);
    feed.chunk(SUB, 0, files[1]![1]);
    expect(figures(record)).toEqual(EXPECTED);
  });

  it('refuses bytes from an offset it did not ask for, and drops overlong lines', () => {
    const record = emptyRecord('s1');
    const lines: string[] = [];
    const feed = new TranscriptFeed(record.files, (l) => lines.push(l), 10);
    expect(feed.chunk('/f.jsonl', 5, Buffer.from('x\n'))).toBe('out-of-step');
    feed.chunk('/f.jsonl', 0, Buffer.from('short\n0123456789abc'));
    feed.chunk('/f.jsonl', 19, Buffer.from('def\nok\n'));
    expect(lines).toEqual(['short', 'ok']);
    expect(record.files['/f.jsonl']).toEqual({ offset: 26 });
  });

  it('adds today over sessions', () => {
    const { record, feed } = counter();
    for (const [path, bytes] of files) feed.chunk(path, 0, bytes);
    const u = sessionUsage(record);
    const report = usageReport([u, { ...u, sessionId: 's2' }], new Date('2026-12-01T12:00:00Z'));
    expect(report.today).toEqual({
      day: '2026-12-01',
      tokens: { input: 2, output: 20, cacheCreation: 200, cacheRead: 2000 },
      costUsd: 0.001656,
    });
  });
});

describe('a forked session with the conversation copied', () => {
  it("counts only its own messages: the copied ones are its source session's", () => {
    const owner = new Map<string, string>();
    const shared = (id: string) => ({
      has: (h: string) => owner.has(h) && owner.get(h) !== id,
      add: (h: string) => void (owner.has(h) || owner.set(h, id)),
    });
    const parent = emptyRecord('parent');
    const parentTally = new UsageTally(parent, shared('parent'));
    const child = emptyRecord('child');
    const childTally = new UsageTally(child, shared('child'));
    const feed = (tally: UsageTally, rec: UsageRecord, path: string, bytes: Buffer) =>
      new TranscriptFeed(rec.files, (l) => {
        const e = parseTranscriptLine(l);
        if (e) tally.add(e);
      }).chunk(path, 0, bytes);
    for (const [path, bytes] of files) feed(parentTally, parent, path, bytes);
    const own = JSON.stringify({
      type: 'assistant',
      timestamp: '2026-12-01T12:00:00.000Z',
      requestId: 'req_child',
      message: {
        id: 'msg_child',
        model: 'claude-sonnet-4-5-20250929',
        usage: { input_tokens: 4, output_tokens: 40 },
      },
    });
    feed(childTally, child, MAIN, Buffer.concat([files[0]![1], Buffer.from(`${own}\n`)]));
    expect(figures(parent)).toEqual(EXPECTED);
    expect(sessionUsage(child).tokens).toEqual({
      input: 4,
      output: 40,
      cacheCreation: 0,
      cacheRead: 0,
    });
  });
});

describe('names from the container', () => {
  it('keeps at most MAX_MODELS model names, counting the rest together', () => {
    const record = emptyRecord('s1');
    const tally = new UsageTally(record);
    const at = new Date('2026-11-30T12:00:00Z');
    const t = { input: 1, output: 1, cacheCreation: 0, cacheRead: 0 };
    for (let i = 0; i < MAX_MODELS + 5; i++)
      tally.add({ key: `m${i}`, model: `model-${i}`, at, tokens: t });
    const u = sessionUsage(record);
    expect(u.byModel).toHaveLength(MAX_MODELS + 1);
    expect(u.byModel.find((m) => m.model === OTHER_MODELS)?.tokens.input).toBe(5);
    expect(u.tokens.input).toBe(MAX_MODELS + 5);
  });
});

describe('the price table', () => {
  it('matches dated model names, and knows nothing else', () => {
    expect(priceFor('claude-sonnet-4-5-20250929')).toBe(PRICES['claude-sonnet-4-5']);
    expect(priceFor('claude-sonnet-4-5@20250929')).toBe(PRICES['claude-sonnet-4-5']);
    expect(priceFor('claude-opus-4-5-20251101')).toBe(PRICES['claude-opus-4-5']);
    expect(priceFor('claude-opus-4-20250514')).toBe(PRICES['claude-opus-4']);
    expect(priceFor('claude-sonnet-4-5-extra')).toBeNull();
    expect(priceFor('gpt-4o')).toBeNull();
    expect(priceFor('toString')).toBeNull();
    const t = {
      input: 1_000_000,
      output: 1_000_000,
      cacheCreation: 1_000_000,
      cacheRead: 1_000_000,
    };
    expect(costOf(t, PRICES['claude-sonnet-4-5']!)).toBe(3 + 15 + 3.75 + 0.3);
  });
});

describe('transcript paths from the container', () => {
  it('accepts jsonl files under the projects folder only', () => {
    const dir = '/home/agent/.claude/projects';
    expect(acceptablePath(dir, `${dir}/-workspace/a.jsonl`)).toBe(true);
    expect(acceptablePath(dir, `${dir}/../x.jsonl`)).toBe(false);
    expect(acceptablePath(dir, `${dir}/a/./b.jsonl`)).toBe(false);
    expect(acceptablePath(dir, `/etc/${'x'}.jsonl`)).toBe(false);
    expect(acceptablePath(dir, `${dir}/a.json`)).toBe(false);
    expect(acceptablePath(dir, `${dir}projects2/a.jsonl`)).toBe(false);
  });
});
