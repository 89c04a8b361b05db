/**
 * The user-level config file, editable: its text as it is on disk, saved through the host
 * (which validates it with the loader's schema and writes it atomically). Problems come back
 * with line and column, and nothing is written; a file changed elsewhere since it was loaded is
 * refused, and the user reloads it.
 */
import { useEffect, useRef, useState } from 'react';
import type { ConfigIssue } from '../../../../shared/schemas/config';
import type { UserConfigText } from '../../../../shared/schemas/user-config';
import { api } from '../../api-context';
import { type ShownError, toShownError } from '../../stores/errors';

const EMPTY = '{\n}\n';

type Outcome =
  | { kind: 'saved'; file: string }
  | { kind: 'issues'; issues: ConfigIssue[] }
  | { kind: 'error'; error: ShownError }
  | null;

/** Where a line/column points in the text (both 1-based, as the issues give them). */
function indexOf(text: string, line: number, column: number): number {
  let index = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', index);
    if (next < 0) return text.length;
    index = next + 1;
  }
  return Math.min(text.length, index + Math.max(0, column - 1));
}

export function UserConfigEditor({ onSaved }: { onSaved: () => void }) {
  const [loaded, setLoaded] = useState<UserConfigText | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [draft, setDraft] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const [round, setRound] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const shown = useRef<HTMLDivElement>(null);
  // The outcome is below the editor: brought into view so a refusal is never missed.
  useEffect(() => {
    if (outcome) shown.current?.scrollIntoView?.({ block: 'nearest' });
  }, [outcome]);

  useEffect(() => {
    let live = true;
    api()
      .readUserConfig({})
      .then(
        (r) => {
          if (!live) return;
          setLoaded(r);
          setLoadError(null);
          setDraft(r.text ?? EMPTY);
        },
        (e: unknown) => live && setLoadError(toShownError('', e)),
      );
    return () => {
      live = false;
    };
  }, [round]);

  const save = async () => {
    if (!loaded) return;
    setBusy(true);
    try {
      const r = await api().writeUserConfig({ text: draft, expectedSha256: loaded.sha256 });
      if (r.ok) {
        setLoaded({ file: r.file, text: draft, sha256: r.sha256 });
        setOutcome({ kind: 'saved', file: r.file });
        onSaved();
      } else {
        setOutcome({ kind: 'issues', issues: r.issues });
      }
    } catch (e) {
      setOutcome({ kind: 'error', error: toShownError('', e) });
    } finally {
      setBusy(false);
    }
  };

  const goTo = (i: ConfigIssue) => {
    const el = area.current;
    if (!el || i.line === undefined) return;
    const at = indexOf(draft, i.line, i.column ?? 1);
    el.focus();
    el.setSelectionRange(at, at);
  };

  if (loadError)
    return (
      <>
        <p className="settings-bad">{loadError.message}</p>
        {loadError.hint && <p className="muted">{loadError.hint}</p>}
      </>
    );
  if (!loaded) return <p className="muted">Loading…</p>;
  const changed = draft !== (loaded.text ?? EMPTY);
  return (
    <div className="user-config">
      <p className="muted">
        <code>{loaded.file}</code>
        {loaded.text === null ? ' does not exist yet: saving creates it.' : ''} It applies to every
        folder, below a project&apos;s own file. JSON only (no comments); saved as typed.
      </p>
      <textarea
        ref={area}
        className="input mono user-config-text"
        aria-label="User config file"
        spellCheck={false}
        rows={10}
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          if (outcome?.kind === 'saved') setOutcome(null);
        }}
      />
      <div className="user-config-actions">
        <button className="button primary" disabled={busy || !changed} onClick={() => void save()}>
          Save
        </button>
        <button
          className="button"
          disabled={busy}
          onClick={() => {
            setOutcome(null);
            setRound(round + 1);
          }}
        >
          Reload
        </button>
        {outcome?.kind === 'saved' && !changed && (
          <span className="settings-ok" role="status">
            Saved. New sessions use it.
          </span>
        )}
      </div>
      <div ref={shown}>
        {outcome?.kind === 'issues' && (
          <div role="alert" data-testid="user-config-issues">
            <p className="settings-bad">Not saved: the file would have problems.</p>
            <ul className="settings-list">
              {outcome.issues.map((i, n) => (
                <li key={n}>
                  {i.line !== undefined ? (
                    <button className="user-config-goto mono" onClick={() => goTo(i)}>
                      line {i.line}, column {i.column ?? 1}
                    </button>
                  ) : null}
                  {i.path && <code className="settings-key"> {i.path}</code>}
                  <div>{i.message}</div>
                </li>
              ))}
            </ul>
          </div>
        )}
        {outcome?.kind === 'error' && (
          <div role="alert" data-testid="user-config-error">
            <p className="settings-bad">{outcome.error.message}</p>
            {outcome.error.hint && <p className="muted">{outcome.error.hint}</p>}
          </div>
        )}
      </div>
    </div>
  );
}
