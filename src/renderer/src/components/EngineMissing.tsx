/**
 * First run without a container engine: where the app looked and why each place failed, how
 * to start one on this platform, and a Retry, on the screen the user is looking at.
 */
import { useEngine } from '../stores/engine';

/** `command` spans of a step shown as code (text nodes, never HTML). */
function withCode(step: string) {
  return step.split('`').map((part, i) =>
    i % 2 === 1 ? (
      <code key={i} className="mono">
        {part}
      </code>
    ) : (
      part
    ),
  );
}

export function EngineMissing() {
  const status = useEngine((s) => s.status);
  const checking = useEngine((s) => s.checking);
  const refresh = useEngine((s) => s.refresh);
  if (!status || status.reachable) return null;
  return (
    <section className="engine-missing" role="alert" aria-labelledby="engine-missing-title">
      <h2 id="engine-missing-title">No container engine is running</h2>
      <p>Sessions run in Docker or Podman containers. Start one of them, then press Retry.</p>
      {status.startSteps && status.startSteps.length > 0 && (
        <ul className="engine-missing-steps">
          {status.startSteps.map((step) => (
            <li key={step}>{withCode(step)}</li>
          ))}
        </ul>
      )}
      <details className="engine-missing-tried">
        <summary>Where the app looked ({status.attempts.length})</summary>
        {status.attempts.length === 0 ? (
          <p className="muted">No place to look for an engine was found.</p>
        ) : (
          <ul>
            {status.attempts.map((a) => (
              <li key={`${a.source} ${a.address}`}>
                <span className="mono">{a.address}</span>{' '}
                <span className="muted">
                  ({a.source}){a.error ? `: ${a.error}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </details>
      <div className="engine-missing-actions">
        <button className="button" disabled={checking} onClick={() => void refresh()}>
          {checking ? 'Checking…' : 'Retry'}
        </button>
      </div>
    </section>
  );
}
