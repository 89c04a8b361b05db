/**
 * The changed files of a selection, then one file's diff on demand: binary files and renames
 * labelled, a file above the size guard offered with "Load anyway". The patch is drawn by the
 * review's DiffView (diff2html's parser, React text nodes), so nothing in it (or in a file
 * name) can become markup.
 */
import { useEffect, useMemo, useState } from 'react';
import type { DiffFile, DiffSummary, FileDiff } from '../../../../shared/schemas/commits';
import { api } from '../../api-context';
import { CommentableDiffView, type DiffMode, type ReviewView } from '../review';
import { useCommits } from '../../stores/commits';
import { useReview } from '../../stores/review';
import '../review/review.css';

import type { DiffTarget } from './review-target';
import { neutraliseLine } from '../../../../shared/neutralise';

const STATUS_MARK: Record<string, string> = {
  added: 'A',
  modified: 'M',
  deleted: 'D',
  renamed: 'R',
  copied: 'C',
  typechange: 'T',
  unmerged: 'U',
  unknown: '?',
};

function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function ReviewFiles(props: {
  sessionId: string;
  target: DiffTarget | null;
  summary: DiffSummary | null;
}) {
  const { sessionId, target, summary } = props;
  const [open, setOpen] = useState<DiffFile | null>(null);
  // "Jump to comment" / "changed since": open the file once this selection's list has it
  // (adjusting state while rendering, once per jump request).
  const jump = useReview((st) => st.jump);
  const [jumped, setJumped] = useState<number | null>(null);
  if (jump && jump.nonce !== jumped && jump.sessionId === sessionId && jump.path && summary) {
    const here =
      target?.kind === 'session'
        ? jump.commit === null
        : (target?.kind === 'commit' ? target.commit : target?.to) === jump.commit;
    const f = here && summary.files.find((x) => x.path === jump.path || x.oldPath === jump.path);
    if (here) setJumped(jump.nonce);
    if (f && open?.path !== f.path) setOpen(f);
  }
  // A new summary (the whole session after a new commit): the open file stays open with its
  // new entry, so its diff is read again at the new tip; closed only when it no longer differs.
  const [seen, setSeen] = useState(summary);
  if (summary !== seen) {
    setSeen(summary);
    if (open && summary) {
      const next = summary.files.find((f) => f.path === open.path && f.oldPath === open.oldPath);
      if (next !== open) setOpen(next ?? null);
    }
  }
  if (!target) return <div className="review-files muted review-pad">Nothing to review yet.</div>;
  if (!summary) return <div className="review-files muted review-pad">Loading the file list…</div>;
  return (
    <div className="review-files">
      <ul className="file-list" aria-label="Changed files">
        {summary.files.map((f) => (
          <li key={`${f.oldPath ?? ''}\0${f.path}`}>
            <button
              className={`file-row ${open?.path === f.path ? 'file-row-on' : ''}`}
              data-testid="file-row"
              onClick={() => setOpen(open?.path === f.path ? null : f)}
            >
              <span className={`file-status file-${f.status}`} title={f.status}>
                {STATUS_MARK[f.status] ?? '?'}
              </span>
              <span className="file-path mono">
                {neutraliseLine(
                  f.oldPath && f.oldPath !== f.path ? `${f.oldPath} → ${f.path}` : f.path,
                )}
              </span>
              {f.binary && <span className="tag">binary</span>}
              {f.status === 'renamed' && <span className="tag">renamed</span>}
              {!f.binary && (
                <span className="file-stat">
                  <span className="plus">+{f.insertions ?? 0}</span>
                  <span className="minus">−{f.deletions ?? 0}</span>
                </span>
              )}
            </button>
          </li>
        ))}
        {summary.truncated && (
          <li className="muted review-pad">More files changed than the list shows.</li>
        )}
        {summary.files.length === 0 && <li className="muted review-pad">No file changes.</li>}
      </ul>
      {open && (
        <FileDiffView
          key={`${open.oldPath ?? ''}\0${open.path}`}
          sessionId={sessionId}
          target={target}
          file={open}
        />
      )}
    </div>
  );
}

function FileDiffView(props: { sessionId: string; target: DiffTarget; file: DiffFile }) {
  const { sessionId, target, file } = props;
  const [anyway, setAnyway] = useState(false);
  const [mode, setMode] = useState<DiffMode>('line');
  const [result, setResult] = useState<{
    anyway: boolean;
    diff?: FileDiff;
    range?: { from: string | null; to: string };
    error?: string;
  } | null>(null);
  const tip = useCommits((st) => st.lists[sessionId]?.tip ?? null);
  useEffect(() => {
    let live = true;
    const where =
      target.kind === 'commit'
        ? { commit: target.commit }
        : target.kind === 'range'
          ? { from: target.from, to: target.to }
          : null;
    const load = async () => {
      // The whole session is the range from the start to the tip.
      const range =
        where ??
        (await api()
          .listCommits({ sessionId })
          .then((l) => (l.base && l.tip ? { from: l.base, to: l.tip } : null)));
      if (!range) throw new Error('nothing to compare yet');
      const diff = await api().getFileDiff({
        sessionId,
        ...range,
        path: file.path,
        ...(file.oldPath ? { oldPath: file.oldPath } : {}),
        ...(anyway ? { loadAnyway: true } : {}),
      });
      return {
        diff,
        range: {
          from: 'from' in range ? (range.from ?? null) : null,
          to: 'commit' in range ? range.commit : range.to,
        },
      };
    };
    load().then(
      ({ diff, range }) => live && setResult({ anyway, diff, range }),
      (e: unknown) => live && setResult({ anyway, error: (e as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [sessionId, target, file, anyway]);

  const current = result?.anyway === anyway ? result : null;
  const diff = current?.diff ?? null;
  const error = current?.error ?? null;
  const range = current?.range;
  const view = useMemo<ReviewView | null>(
    () =>
      range
        ? { ...range, tip, path: file.path, ...(file.oldPath ? { oldPath: file.oldPath } : {}) }
        : null,
    [range, tip, file],
  );
  return (
    <section
      className="file-diff"
      data-testid="file-diff"
      aria-label={`Diff of ${neutraliseLine(file.path)}`}
    >
      {error && <p className="review-error">{error}</p>}
      {!diff && !error && <p className="muted review-pad">Loading the diff…</p>}
      {diff?.binary && <p className="muted review-pad">Binary file: no text diff.</p>}
      {diff?.tooLarge && !diff.patch && (
        <p className="review-pad">
          This file&apos;s change is large ({fmtBytes(diff.size)}).{' '}
          <button className="button" onClick={() => setAnyway(true)}>
            Load anyway
          </button>
        </p>
      )}
      {diff?.patch && (
        <>
          <div className="diff-mode" role="group" aria-label="Diff layout">
            <button className={mode === 'line' ? 'on' : ''} onClick={() => setMode('line')}>
              Unified
            </button>
            <button className={mode === 'split' ? 'on' : ''} onClick={() => setMode('split')}>
              Side by side
            </button>
          </div>
          {view && (
            <CommentableDiffView patch={diff.patch} mode={mode} sessionId={sessionId} view={view} />
          )}
        </>
      )}
    </section>
  );
}
