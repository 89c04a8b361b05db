/**
 * A session's usage in its panel header ("37.9k tokens · $0.03"), live from usageChanged; the
 * tooltip breaks it down by kind of token and by model. Nothing shows before any usage.
 */
import { useSessionUsage } from '../../stores/usage';
import { formatCost, formatTokens, totalTokens } from '../../../../shared/usage-format';
import { usageTooltip } from './usage-text';
import './usage.css';

export function SessionUsageFigure({ sessionId }: { sessionId: string }) {
  const u = useSessionUsage(sessionId);
  if (!u?.updatedAt) return null;
  return (
    <span
      className="usage-figure"
      data-testid="session-usage"
      title={usageTooltip(u)}
      aria-label={`Usage: ${totalTokens(u.tokens)} tokens, estimated cost ${formatCost(u.costUsd)}`}
    >
      <span className="usage-tokens">{formatTokens(totalTokens(u.tokens))} tokens</span>
      {u.costUsd !== null && (
        <span className="usage-cost">
          {formatCost(u.costUsd)}
          {u.unpricedModels.length ? '*' : ''}
        </span>
      )}
    </span>
  );
}
