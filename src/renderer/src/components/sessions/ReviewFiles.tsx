/**
 * The files pane and the diff pane of the review (the commits are the first pane, in
 * ReviewPanel): the selection's changed files as a folder tree beside the open file's diff,
 * fetched on demand. The first file opens at once; `j`/`k` move to the next/previous file,
 * `n`/`p` to the next/previous change (on to the next file at the end), `v` marks the file
 * viewed. Binary files show their sizes (an image a preview too, as does an SVG above its
 * text diff), a file above the size guard its first part with "Show the whole file",
 * whitespace-only changes can be hidden. The patch is drawn by the
 * review's DiffView (React text nodes), so nothing in it (or in a file name) becomes markup.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DiffFile, DiffSummary, FileDiff } from '../../../../shared/schemas/commits';
import { api } from '../../api-context';
import { wholeSessionRange } from '../review/session-range';
import { CommentableDiffView, type DiffMode, type DiffNav, type ReviewView } from '../review';
import { buildTree, fileOrder, foldersOf } from '../review/file-tree';
import { fileKey, FileTree } from '../review/FileTree';
import { IMAGE_FILE, ImagePreview, type ImageRange, SVG_FILE } from '../review/ImagePreview';
import { useCommits } from '../../stores/commits';
import { useReview } from '../../stores/review';
import { isViewed, readMarks, useViewed, useViewedMarks } from '../../stores/review-viewed';
import '../review/review.css';

import type { DiffTarget } from './review-target';
import { neutraliseLine } from '../../../../shared/neutralise';

function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Where viewed marks are kept: per commit, per range, or for the whole session. */
function scopeOf(t: DiffTarget): string {
  if (t.kind === 'commit') return t.commit;
  if (t.kind === 'range') return `${t.from}..${t.to}`;
  return 'session';
}

/** Keys typed into a field (or with a modifier) are not the review's. */
function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return (
    e.ctrlKey ||
    e.metaKey ||
    e.altKey ||
    !!t?.closest?.('input, textarea, select, [contenteditable="true"], .xterm')
  );
}

export function ReviewFiles(props: {
  sessionId: string;
  target: DiffTarget | null;
  summary: DiffSummary | null;
}) {
  const { sessionId, target, summary } = props;
  const [open, setOpen] = useState<DiffFile | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [filter, setFilter] = useState('');
  const [hideWs, setHideWs] = useState(false);
  const [mode, setMode] = useState<DiffMode>('line');
  const root = useMemo(() => buildTree(summary?.files ?? []), [summary]);
  const order = useMemo(() => fileOrder(root, filter), [root, filter]);
  const scope = target ? scopeOf(target) : '';
  const marks = useViewedMarks(sessionId, scope);
  const viewedCount = useMemo(
    () => (summary ? summary.files.filter((f) => isViewed(marks, f)).length : 0),
    [summary, marks],
  );

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
  // The first list of a selection opens its first file, as a desktop git client does.
  const [seen, setSeen] = useState<DiffSummary | null>(null);
  if (summary !== seen) {
    setSeen(summary);
    if (open && summary) {
      const next = summary.files.find((f) => f.path === open.path && f.oldPath === open.oldPath);
      if (next !== open) setOpen(next ?? null);
    } else if (!open && !seen && summary) {
      const first = fileOrder(buildTree(summary.files), '')[0];
      if (first) setOpen(first);
    }
  }

  const nav = useRef<DiffNav>(null);
  const pick = (f: DiffFile) => {
    setOpen(f);
    const dirs = foldersOf(root, f.path).filter((d) => collapsed.has(d));
    if (dirs.length) setCollapsed((c) => new Set([...c].filter((d) => !dirs.includes(d))));
  };
  const step = (dir: 1 | -1): boolean => {
    if (order.length === 0) return false;
    const at = open ? order.findIndex((f) => fileKey(f) === fileKey(open)) : -1;
    const next = order[at < 0 ? (dir > 0 ? 0 : order.length - 1) : at + dir];
    if (!next) return false;
    pick(next);
    return true;
  };
  const keys = useRef({ step, open, scope });
  useEffect(() => {
    keys.current = { step, open, scope };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e) || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      // The review's keys work while it has the focus (or nothing has).
      if (t && t !== document.body && !t.closest('.review')) return;
      const k = keys.current;
      if (e.key === 'j' || e.key === 'k') k.step(e.key === 'j' ? 1 : -1);
      else if (e.key === 'n' || e.key === 'p') {
        const dir = e.key === 'n' ? 1 : -1;
        // At the last change, on to the next file (its first change is at its top).
        if (!nav.current?.change(dir)) k.step(dir);
      } else if (e.key === 'v' && k.open) {
        const f = k.open;
        useViewed
          .getState()
          .set(sessionId, k.scope, [f], !isViewed(readMarks(sessionId, k.scope), f));
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [sessionId]);

  if (!target) return <div className="rv-files muted review-pad">Nothing to review yet.</div>;
  if (!summary) return <div className="rv-files muted review-pad">Loading the file list…</div>;
  return (
    <div className="rv-files">
      <FileTree
        root={root}
        collapsed={collapsed}
        filter={filter}
        onFilter={setFilter}
        selected={open}
        isViewed={(f) => isViewed(marks, f)}
        viewedCount={viewedCount}
        total={summary.files.length}
        truncated={summary.truncated}
        onFile={pick}
        onDir={(path) =>
          setCollapsed((c) => {
            const n = new Set(c);
            if (!n.delete(path)) n.add(path);
            return n;
          })
        }
        onViewed={(f, v) => useViewed.getState().set(sessionId, scope, [f], v)}
      />
      <div className="rv-diff-pane">
        {open ? (
          <FileDiffView
            key={fileKey(open)}
            sessionId={sessionId}
            target={target}
            file={open}
            mode={mode}
            onMode={setMode}
            hideWs={hideWs}
            onHideWs={setHideWs}
            nav={nav}
          />
        ) : (
          <p className="muted review-pad">
            {summary.files.length ? 'Pick a file to see its diff.' : 'No file changes.'}
          </p>
        )}
      </div>
    </div>
  );
}

function FileDiffView(props: {
  sessionId: string;
  target: DiffTarget;
  file: DiffFile;
  mode: DiffMode;
  onMode: (m: DiffMode) => void;
  hideWs: boolean;
  onHideWs: (v: boolean) => void;
  nav: React.Ref<DiffNav>;
}) {
  const { sessionId, target, file, mode, hideWs } = props;
  const [anyway, setAnyway] = useState(false);
  const [result, setResult] = useState<{
    key: string;
    diff?: FileDiff;
    range?: { from: string | null; to: string };
    error?: string;
  } | null>(null);
  const tip = useCommits((st) => st.lists[sessionId]?.tip ?? null);
  const want = `${anyway}|${hideWs}`;
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
      const range = where ?? (await wholeSessionRange(sessionId));
      const diff = await api().getFileDiff({
        sessionId,
        ...range,
        path: file.path,
        ...(file.oldPath ? { oldPath: file.oldPath } : {}),
        ...(anyway ? { loadAnyway: true } : {}),
        ...(hideWs ? { ignoreWhitespace: true } : {}),
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
      ({ diff, range }) => live && setResult({ key: want, diff, range }),
      (e: unknown) => live && setResult({ key: want, error: (e as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [sessionId, target, file, anyway, hideWs, want]);

  // While a new variant loads (whole file, whitespace), the one shown stays (no flash).
  const current = result;
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
  const loading = current?.key !== want;
  const imageRange = useMemo<ImageRange>(
    () =>
      target.kind === 'commit'
        ? { commit: target.commit }
        : target.kind === 'range'
          ? { from: target.from, to: target.to }
          : null,
    [target],
  );
  return (
    <section
      className="file-diff rv-file-diff"
      data-testid="file-diff"
      aria-label={`Diff of ${neutraliseLine(file.path)}`}
      aria-busy={loading}
    >
      <div className="rv-diff-bar">
        {/* The file's name, +/− and "Comment on file" head the diff itself. */}
        <span className="rv-spacer" />
        <label className="rv-ws" title="Leave out lines whose only change is whitespace">
          <input
            type="checkbox"
            checked={hideWs}
            onChange={(e) => props.onHideWs(e.target.checked)}
          />
          Hide whitespace
        </label>
        <div className="diff-mode" role="group" aria-label="Diff layout">
          <button className={mode === 'line' ? 'on' : ''} onClick={() => props.onMode('line')}>
            Unified
          </button>
          <button className={mode === 'split' ? 'on' : ''} onClick={() => props.onMode('split')}>
            Side by side
          </button>
        </div>
      </div>
      {error && <p className="review-error">{error}</p>}
      {!diff && !error && <p className="muted review-pad">Loading the diff…</p>}
      {diff?.binary && <BinaryNote file={file} sessionId={sessionId} range={imageRange} />}
      {/* An SVG is text: its diff below, and what it draws (as an image only) above. */}
      {diff && !diff.binary && SVG_FILE.test(file.path) && (
        <div className="review-pad rv-svg-preview">
          <ImagePreview sessionId={sessionId} range={imageRange} file={file} />
        </div>
      )}
      {diff?.tooLarge && (
        <p className="rv-part review-pad" data-testid="diff-part">
          Showing the first part of this change ({fmtBytes(diff.size)},{' '}
          {((file.insertions ?? 0) + (file.deletions ?? 0)).toLocaleString('en-US')} changed lines).{' '}
          <button className="button" disabled={anyway} onClick={() => setAnyway(true)}>
            {anyway ? 'Loading the rest…' : 'Show the whole file'}
          </button>
        </p>
      )}
      {diff && !diff.binary && view && (
        <CommentableDiffView
          patch={diff.patch}
          mode={mode}
          sessionId={sessionId}
          view={view}
          nav={props.nav}
          {...(hideWs ? { emptyNote: 'Only whitespace changed (hidden).' } : {})}
          {...(diff.tooLarge && !hideWs
            ? { totals: { added: file.insertions ?? 0, deleted: file.deletions ?? 0 } }
            : {})}
        />
      )}
    </section>
  );
}

/** A binary file: what it was and is, by size; an image also as a preview of both sides. */
function BinaryNote({
  file,
  sessionId,
  range,
}: {
  file: DiffFile;
  sessionId: string;
  range: ImageRange;
}) {
  const size = (n: number | null) => (n === null ? 'none' : fmtBytes(n));
  const image = IMAGE_FILE.test(file.path);
  return (
    <div className="review-pad" data-testid="binary-note">
      <p className="muted rv-binary-sizes">
        {image ? 'Image' : 'Binary file'}: no text diff.{' '}
        {file.status === 'added'
          ? `Added, ${size(file.newSize)}.`
          : file.status === 'deleted'
            ? `Deleted, was ${size(file.oldSize)}.`
            : `${size(file.oldSize)} → ${size(file.newSize)}.`}
      </p>
      {image && <ImagePreview sessionId={sessionId} range={range} file={file} />}
    </div>
  );
}
