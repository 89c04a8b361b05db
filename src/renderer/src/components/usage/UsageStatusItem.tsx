/**
 * The status bar's "Today" usage over every session, once any session has usage. It also loads the usage store and keeps it
 * live (usageChanged), reloading after a reconnect and when the day changes.
 */
import { useEffect } from 'react';
import { api } from '../../api-context';
import { useConnection } from '../../stores/connection';
import { useUsage, wireUsage } from '../../stores/usage';
import { formatCost, formatTokens, totalTokens } from '../../../../shared/usage-format';
import { tokenBreakdown } from './usage-text';
import './usage.css';

function localDay(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function UsageStatusItem() {
  const today = useUsage((s) => s.today);
  // Nothing to say until some session has usage (an agent other than Claude Code writes none).
  const any = useUsage((s) => Object.values(s.bySession).some((u) => u.updatedAt !== null));
  const state = useConnection((s) => s.state);
  useEffect(() => {
    let client;
    try {
      client = api();
    } catch {
      return; // no connection at all: the page says why
    }
    return wireUsage(client);
  }, []);
  useEffect(() => {
    if (state === 'open')
      void useUsage
        .getState()
        .load()
        .catch(() => undefined);
  }, [state]);
  useEffect(() => {
    const timer = setInterval(() => {
      const day = useUsage.getState().today?.day;
      if (day && day !== localDay())
        void useUsage
          .getState()
          .load()
          .catch(() => undefined);
    }, 60_000);
    return () => clearInterval(timer);
  }, []);
  if (!today || !any) return null;
  const total = totalTokens(today.tokens);
  return (
    <span
      className="status-item usage-today"
      data-testid="usage-today"
      title={`Usage on ${today.day}, every session: ${tokenBreakdown(today.tokens)}. Estimated cost from API prices.`}
    >
      Today: {formatTokens(total)} tokens · {formatCost(today.costUsd)}
    </span>
  );
}
