/** A start's progress bar with its phase, and the setup output streamed so far. */
import type { SessionProgress } from '../../../../shared/schemas/session';
import { phaseFraction, phaseText } from './start-phases';

export function StartProgressBar({
  progress,
  fraction,
}: {
  progress: SessionProgress | null;
  /** As the store keeps it (never going back); else from this event alone. */
  fraction?: number;
}) {
  fraction ??= phaseFraction(progress);
  return (
    <>
      <div
        className="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
      </div>
      <p className="progress-text">{phaseText(progress)}</p>
    </>
  );
}

export function StartLog({ log }: { log: string }) {
  if (!log) return null;
  return (
    <pre className="start-log" data-testid="start-log">
      {log}
    </pre>
  );
}
