/**
 * A session's usage as kept on disk (<dataDir>/usage/<id>.json): tokens per day and model, the
 * messages already counted (hashed keys, so a message written again, or copied into a resumed
 * conversation, counts once) and how far each transcript file has been read. The offsets make
 * reads incremental across app restarts; the buckets keep a stopped session's figures.
 * Costs are not stored: they come from the price table when reported, so a price fix applies
 * to past usage too.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SessionId } from '../../shared/schemas/session';
import { TokenCounts, UsageDay } from '../../shared/schemas/usage';
import { localDay, type UsageEntry } from './transcript';

export const USAGE_SCHEMA_VERSION = 1;

export const FileProgress = z.object({
  /** Bytes of complete lines already read. */
  offset: z.number().int().nonnegative(),
  /** Inside a line too long to read: bytes are dropped up to its end. */
  skipping: z.boolean().optional(),
});
export type FileProgress = z.infer<typeof FileProgress>;

export const UsageBucket = z.object({
  day: UsageDay,
  model: z.string().max(200),
  tokens: TokenCounts,
});
export type UsageBucket = z.infer<typeof UsageBucket>;

export const UsageRecord = z.object({
  schemaVersion: z.literal(USAGE_SCHEMA_VERSION),
  sessionId: SessionId,
  files: z.record(z.string().max(4096), FileProgress),
  seen: z.array(z.string().regex(/^[0-9a-f]{16}$/)),
  buckets: z.array(UsageBucket),
  updatedAt: z.string().nullable(),
});
export type UsageRecord = z.infer<typeof UsageRecord>;

export function emptyRecord(sessionId: string): UsageRecord {
  return {
    schemaVersion: USAGE_SCHEMA_VERSION,
    sessionId,
    files: {},
    seen: [],
    buckets: [],
    updatedAt: null,
  };
}

export const ZERO: TokenCounts = { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 };

export function addTokens(a: TokenCounts, b: TokenCounts): TokenCounts {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheCreation: a.cacheCreation + b.cacheCreation,
    cacheRead: a.cacheRead + b.cacheRead,
  };
}

/**
 * Distinct model names one record keeps; more are counted under OTHER_MODELS (the names come
 * from the container, and each would otherwise add buckets without limit).
 */
export const MAX_MODELS = 50;
export const OTHER_MODELS = '(other models)';

/** 64 bits of the key: enough to tell a session's messages apart, small on disk. */
function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * Messages counted by the other sessions of the data dir. A forked session starts with a copy
 * of its source's transcripts: those messages are the source's usage, and count there only.
 */
export interface CountedElsewhere {
  has(hash: string): boolean;
  /** This session counted the message. */
  add(hash: string): void;
}

/**
 * Counts entries into a record, in memory; `add` says whether the figures changed. The record
 * object is updated in place (its `seen` list and buckets), ready to be written.
 */
export class UsageTally {
  private readonly seen: Set<string>;
  private readonly buckets = new Map<string, UsageBucket>();
  private readonly models = new Set<string>();

  constructor(
    readonly record: UsageRecord,
    private readonly elsewhere?: CountedElsewhere,
  ) {
    this.seen = new Set(record.seen);
    for (const b of record.buckets) {
      this.buckets.set(`${b.day} ${b.model}`, b);
      this.models.add(b.model);
    }
  }

  add(entry: UsageEntry): boolean {
    if (entry.key !== null) {
      const h = hashKey(entry.key);
      if (this.seen.has(h)) return false;
      this.seen.add(h);
      this.record.seen.push(h);
      if (this.elsewhere?.has(h)) return false;
      this.elsewhere?.add(h);
    }
    const day = localDay(entry.at);
    let model = entry.model;
    if (!this.models.has(model)) {
      if (this.models.size >= MAX_MODELS) model = OTHER_MODELS;
      this.models.add(model);
    }
    const id = `${day} ${model}`;
    const bucket = this.buckets.get(id);
    if (bucket) bucket.tokens = addTokens(bucket.tokens, entry.tokens);
    else {
      const b: UsageBucket = { day, model, tokens: { ...entry.tokens } };
      this.buckets.set(id, b);
      this.record.buckets.push(b);
    }
    this.record.updatedAt = new Date().toISOString();
    return true;
  }
}
