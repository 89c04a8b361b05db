/**
 * THE price table: what a million tokens cost, in US dollars, per model, as Anthropic publishes
 * them for the API (https://www.anthropic.com/pricing and the models overview in the API docs).
 * Costs the app shows are estimates from this table only: a subscription (Pro/Max) is not billed
 * per token, long-context (>200k input) surcharges are not modelled, and batch discounts do not
 * apply to Claude Code. Cache writes are priced at the 5-minute rate (what Claude Code uses).
 *
 * Keys are the model names Claude Code writes into its transcripts (`message.model`), without
 * the date suffix: a transcript's `claude-sonnet-4-5-20250929` (or a cloud provider's
 * `claude-sonnet-4-5@20250929`) matches the key `claude-sonnet-4-5`. A model that matches no key
 * shows its tokens without a cost. To update a price or add a model, edit this table (and its
 * test in test/unit/usage/prices.test.ts).
 */
import type { TokenCounts } from '../../shared/schemas/usage';

export interface ModelPrice {
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
  /** USD per million tokens written to the prompt cache (5-minute cache). */
  cacheWrite: number;
  /** USD per million tokens read from the prompt cache. */
  cacheRead: number;
}

export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-4-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-1': { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
  'claude-opus-4': { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
  'claude-3-7-sonnet': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-3-5-sonnet': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 },
  'claude-3-opus': { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
  'claude-3-haiku': { input: 0.25, output: 1.25, cacheWrite: 0.3, cacheRead: 0.03 },
};

/** A dated release of a key: `-YYYYMMDD` (Anthropic API) or `@YYYYMMDD` (Vertex AI). */
const DATED = /^(.+)[-@]\d{8}$/;

/** The model's price, or null when the table does not know it. */
export function priceFor(model: string): ModelPrice | null {
  if (Object.prototype.hasOwnProperty.call(PRICES, model)) return PRICES[model]!;
  const m = DATED.exec(model);
  if (m && Object.prototype.hasOwnProperty.call(PRICES, m[1]!)) return PRICES[m[1]!]!;
  return null;
}

/** The estimated cost of some tokens at a price, in USD. */
export function costOf(tokens: TokenCounts, price: ModelPrice): number {
  // Prices are per million tokens, so the sum is in millionths of a dollar.
  const micro =
    tokens.input * price.input +
    tokens.output * price.output +
    tokens.cacheCreation * price.cacheWrite +
    tokens.cacheRead * price.cacheRead;
  return micro / 1_000_000;
}

/** Sums of dollars shown and compared: to a millionth of a dollar, without float noise. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1_000_000) / 1_000_000;
}
