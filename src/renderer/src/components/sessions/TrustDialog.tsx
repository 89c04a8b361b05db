/**
 * Asks before a repository's own config file reaches outside the sandbox: lists what the file
 * asks for (each setting, why it matters, its value) and lets the user trust exactly this
 * content, start without those settings, or cancel. Cancel has the focus and is what Escape or
 * a click outside does: nothing from the file applies without a deliberate click.
 */
import { useEffect } from 'react';
import { neutralise } from '../../../../shared/neutralise';
import type { UntrustedConfig } from '../../../../shared/schemas/config';
import type { TrustAnswer } from '../../stores/sessions';

export function TrustDialog({
  untrusted,
  onAnswer,
}: {
  untrusted: UntrustedConfig;
  onAnswer: (answer: TrustAnswer) => void;
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onAnswer('cancel');
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onAnswer]);
  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && onAnswer('cancel')}
    >
      <div
        className="dialog dialog-trust"
        role="dialog"
        aria-modal="true"
        aria-label="Trust project settings"
      >
        <h2 className="dialog-title">Trust this project’s settings?</h2>
        <p className="mono trust-file">{neutralise(untrusted.file)}</p>
        <p>
          This file came with the repository, so whoever wrote the repository wrote it. The settings
          below reach outside the sandbox, run code next to your credentials or raise your limits.
          Each is shown in full (secret-looking values only by their length). They apply only if you
          trust the file as it is now; a changed file asks again.
        </p>
        <ul className="trust-settings" aria-label="Settings that need trust">
          {untrusted.settings.map((s) => (
            <li key={s.key} data-testid="trust-setting">
              <div>
                <code className="trust-key">{neutralise(s.key)}</code>{' '}
                <span className="muted">— {neutralise(s.why)}</span>
              </div>
              <code className="trust-value" title={neutralise(s.value)}>
                {neutralise(s.value)}
              </code>
            </li>
          ))}
        </ul>
        <div className="dialog-buttons">
          <button className="button" autoFocus onClick={() => onAnswer('cancel')}>
            Cancel
          </button>
          <button className="button" onClick={() => onAnswer('ignore')}>
            Start without them
          </button>
          <button className="button danger" onClick={() => onAnswer('trust')}>
            Trust and start
          </button>
        </div>
      </div>
    </div>
  );
}
