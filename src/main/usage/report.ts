/**
 * Figures as the UI and the CLI show them, made from records and the price table at the time of
 * asking: per session (total, per model, per day) and the day's total over every session.
 */
import type { SessionUsage, TokenCounts, UsageReport } from '../../shared/schemas/usage';
import { costOf, priceFor, roundUsd } from './prices';
import { addTokens, ZERO, type UsageRecord } from './record';
import { localDay } from './transcript';

export function sessionUsage(record: UsageRecord): SessionUsage {
  const byModel = new Map<string, TokenCounts>();
  const byDay = new Map<string, { tokens: TokenCounts; costUsd: number }>();
  let tokens = ZERO;
  for (const b of record.buckets) {
    tokens = addTokens(tokens, b.tokens);
    byModel.set(b.model, addTokens(byModel.get(b.model) ?? ZERO, b.tokens));
    const price = priceFor(b.model);
    const day = byDay.get(b.day) ?? { tokens: ZERO, costUsd: 0 };
    byDay.set(b.day, {
      tokens: addTokens(day.tokens, b.tokens),
      costUsd: day.costUsd + (price ? costOf(b.tokens, price) : 0),
    });
  }
  let cost = 0;
  let priced = false;
  const unpriced: string[] = [];
  const models = [...byModel.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, t]) => {
      const price = priceFor(model);
      if (!price) unpriced.push(model);
      else priced = true;
      const c = price ? costOf(t, price) : null;
      if (c !== null) cost += c;
      return { model, tokens: t, costUsd: c === null ? null : roundUsd(c) };
    });
  return {
    sessionId: record.sessionId,
    tokens,
    costUsd: priced ? roundUsd(cost) : null,
    unpricedModels: unpriced,
    byModel: models,
    byDay: [...byDay.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, d]) => ({ day, tokens: d.tokens, costUsd: roundUsd(d.costUsd) })),
    updatedAt: record.updatedAt,
  };
}

export function usageReport(sessions: SessionUsage[], now = new Date()): UsageReport {
  const day = localDay(now);
  let tokens = ZERO;
  let costUsd = 0;
  for (const s of sessions) {
    const d = s.byDay.find((x) => x.day === day);
    if (!d) continue;
    tokens = addTokens(tokens, d.tokens);
    costUsd += d.costUsd;
  }
  return { sessions, today: { day, tokens, costUsd: roundUsd(costUsd) } };
}
