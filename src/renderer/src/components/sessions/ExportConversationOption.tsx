/**
 * The discard dialog's "Export the conversation first": Claude Code's transcripts live in the
 * container and go with it, so they are copied to a host folder before the discard (a failed
 * export stops the discard). The folder defaults to one beside the repository, never inside it.
 */
import type { SessionInfo } from '../../../../shared/schemas/session';
import { api } from '../../api-context';
import { useConnection } from '../../stores/connection';
import { describeError } from './MergeOutcome';

export interface ExportChoice {
  export: boolean;
  folder: string;
}

export function defaultExportChoice(s: SessionInfo): ExportChoice {
  const folder = s.folder.replace(/[\\/]+$/, '');
  return { export: false, folder: `${folder}-conversations/${s.name}` };
}

/** Runs the export when chosen; the error text to show, or null to go on with the discard. */
export async function exportBeforeDiscard(
  s: SessionInfo,
  choice: ExportChoice,
): Promise<string | null> {
  if (!choice.export) return null;
  try {
    await api().exportConversation({ id: s.id, folder: choice.folder.trim() });
    return null;
  } catch (e) {
    return `The conversation was not exported, so the session was kept: ${describeError(e)}`;
  }
}

export function ExportConversationOption({
  value,
  onChange,
  disabled,
}: {
  value: ExportChoice;
  onChange: (v: ExportChoice) => void;
  disabled: boolean;
}) {
  const mode = useConnection((st) => st.mode);
  return (
    <div className="export-conversation">
      <label className="check discard-check">
        <input
          type="checkbox"
          checked={value.export}
          disabled={disabled}
          onChange={(e) => onChange({ ...value, export: e.target.checked })}
        />{' '}
        Export the conversation first (Claude Code&apos;s transcripts)
      </label>
      {value.export && (
        <label className="field">
          <span>To the folder</span>
          <span className="export-folder-row">
            <input
              className="input mono"
              aria-label="Export folder"
              value={value.folder}
              spellCheck={false}
              autoComplete="off"
              disabled={disabled}
              onChange={(e) => onChange({ ...value, folder: e.target.value })}
            />
            {/* The desktop app has the native folder dialog; the web mode takes a typed path. */}
            {mode === 'electron' && (
              <button
                type="button"
                className="button"
                disabled={disabled}
                onClick={() =>
                  void api()
                    .pickFolder({})
                    .then(({ folder }) => folder && onChange({ ...value, folder }))
                    .catch(() => undefined)
                }
              >
                Choose…
              </button>
            )}
          </span>
        </label>
      )}
    </div>
  );
}
