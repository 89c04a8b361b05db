/** A session's usage in its sidebar row, compact ("37.9k · $0.03"); the tooltip has the rest. */
import { useSessionUsage } from '../../stores/usage';
import { formatCost, formatTokens, totalTokens } from '../../../../shared/usage-format';
import { usageTooltip } from './usage-text';
import './usage.css';

export function SessionUsageRow({ sessionId }: { sessionId: string }) {
  const u = useSessionUsage(sessionId);
  if (!u?.updatedAt) return null;
  const cost = u.costUsd === null ? '' : ` · ${formatCost(u.costUsd)}`;
  return (
    <span className="usage-row mono" data-testid="session-row-usage" title={usageTooltip(u)}>
      {formatTokens(totalTokens(u.tokens))}
      {cost}
    </span>
  );
}
