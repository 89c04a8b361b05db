/**
 * The words around the figures: a session's tooltip (each kind of token, each model, which
 * models have no price) and the status bar's day. Costs are estimates from the app's price table.
 */
import type { SessionUsage, TokenCounts } from '../../../../shared/schemas/usage';
import { neutraliseLine } from '../../../../shared/neutralise';
import { formatCost, formatTokens } from '../../../../shared/usage-format';

export function tokenBreakdown(t: TokenCounts): string {
  return [
    `${formatTokens(t.input)} input`,
    `${formatTokens(t.output)} output`,
    `${formatTokens(t.cacheCreation)} cache write`,
    `${formatTokens(t.cacheRead)} cache read`,
  ].join(' · ');
}

/** Multi-line text for a title attribute. Model names come from the container: neutralised. */
export function usageTooltip(u: SessionUsage): string {
  const lines = [tokenBreakdown(u.tokens)];
  lines.push(
    `Estimated cost: ${formatCost(u.costUsd)} (API prices; a subscription is not billed per token)`,
  );
  for (const m of u.byModel)
    lines.push(
      `${neutraliseLine(m.model)}: ${tokenBreakdown(m.tokens)} · ${formatCost(m.costUsd)}`,
    );
  if (u.unpricedModels.length)
    lines.push(
      `No price for ${u.unpricedModels.map((m) => neutraliseLine(m)).join(', ')}: their tokens have no cost here.`,
    );
  return lines.join('\n');
}
