/**
 * A session's review: the commits (hash, subject, author, time, +/-) on the left, and for the
 * selection (one commit, a shift-click range, or the whole session) the file list with each
 * file's diff fetched on demand. Push and "Push & create PR" on top; a pending branch rewrite
 * is shown with its dropped commits and an Accept button. Everything from the container is
 * rendered as React text (escaped), never as HTML.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CommitSummary, DiffSummary } from '../../../../shared/schemas/commits';
import type { SessionInfo } from '../../../../shared/schemas/session';
import { api } from '../../api-context';
import { useCommits } from '../../stores/commits';
import { PendingReviewBar, useJumpSelection } from './PendingReview';
import { PushBar } from './PushBar';
import { useSelectionFollowsCommits } from './review-selection';
import { ReviewFiles } from './ReviewFiles';
import { type DiffTarget, type Selection, targetOf } from './review-target';
import { toastError, useToasts } from '../../stores/toasts';
import { neutralise, neutraliseLine } from '../../../../shared/neutralise';

function ago(iso: string): string {
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}

/**
 * File lists of commits and ranges already seen: a commit's diff never changes, so going back
 * to it draws its tree at once. The whole session's list follows the tip and is always asked.
 */
const summaries = new Map<string, DiffSummary>();
const MAX_SUMMARIES = 30;

async function summaryOf(sessionId: string, t: DiffTarget): Promise<DiffSummary> {
  if (t.kind === 'session') return api().getSessionDiff({ sessionId });
  const key = `${sessionId}\0${JSON.stringify(t)}`;
  const hit = summaries.get(key);
  if (hit) return hit;
  const got =
    t.kind === 'commit'
      ? await api().getCommitDiff({ sessionId, commit: t.commit })
      : await api().getRangeDiff({ sessionId, from: t.from, to: t.to });
  if (summaries.size >= MAX_SUMMARIES) summaries.delete(summaries.keys().next().value!);
  summaries.set(key, got);
  return got;
}

export function ReviewPanel({ session: s }: { session: SessionInfo }) {
  const list = useCommits((st) => st.lists[s.id]);
  const rewrite = useCommits((st) => st.rewrites[s.id]);
  const [sel, setSel] = useState<Selection>({ kind: 'session' });
  const [loaded, setLoaded] = useState<{ key: string; summary: DiffSummary } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    useCommits.getState().seen(s.id);
    useToasts.getState().dismissKey(`commits:${s.id}`);
    useCommits
      .getState()
      .load(s.id)
      .catch((e: unknown) => setError((e as Error).message));
  }, [s.id]);
  // Seeing the review counts as seeing new commits that arrive while it is open.
  const unseen = useCommits((st) => st.unseen[s.id] ?? 0);
  useEffect(() => {
    if (unseen > 0) useCommits.getState().seen(s.id);
  }, [unseen, s.id]);

  const start = s.startingPoint?.commit;
  useJumpSelection(s.id, list, start, setSel);
  useSelectionFollowsCommits(list, sel, setSel);
  const target = useMemo(() => (list ? targetOf(list, sel, start) : null), [list, sel, start]);
  const targetKey = JSON.stringify(target);
  // A commit's or range's diff never changes: only the whole session's follows the tip (and
  // keeping the key keeps the open file and a comment being written).
  const loadKey = target?.kind === 'session' ? `${targetKey}@${list?.tip ?? ''}` : targetKey;
  useEffect(() => {
    if (!target) return;
    let live = true;
    summaryOf(s.id, target).then(
      (summary) => live && setLoaded({ key: loadKey, summary }),
      (e: unknown) => live && setError((e as Error).message),
    );
    return () => {
      live = false;
    };
    // loadKey stands for target and the tip (target is a fresh object when the list reloads).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [s.id, loadKey]);
  // The whole session's list keeps showing while the new tip's loads (no flash, no lost place).
  const summary =
    loaded?.key === loadKey ||
    (target?.kind === 'session' && loaded?.key.startsWith(`${targetKey}@`))
      ? loaded!.summary
      : null;

  const pick = (i: number, range: boolean) =>
    setSel((cur) =>
      range && cur.kind === 'commits'
        ? { kind: 'commits', from: cur.from, to: i }
        : { kind: 'commits', from: i, to: i },
    );
  const selected = (i: number) =>
    sel.kind === 'commits' && i >= Math.min(sel.from, sel.to) && i <= Math.max(sel.from, sel.to);

  return (
    <div className="review">
      <PushBar session={s} commits={list?.commits.length ?? 0} />
      <PendingReviewBar sessionId={s.id} />
      {rewrite && (
        <div className="review-rewrite" role="alert">
          <span className="review-rewrite-text">
            The agent rewrote <code>{neutraliseLine(rewrite.branch)}</code> (new tip{' '}
            <code>{rewrite.newTip.slice(0, 8)}</code>): {rewrite.dropped.length} commit
            {rewrite.dropped.length === 1 ? '' : 's'} on the host branch would be dropped (
            {rewrite.dropped.map((h) => h.slice(0, 8)).join(', ')}). Until you accept, the host
            branch keeps the old history; afterwards the old tip stays reachable under a backup ref.
          </span>
          <button
            className="button"
            onClick={() =>
              void api()
                .acceptRewrite({ sessionId: s.id, tip: rewrite.newTip })
                .then(() => {
                  useToasts.getState().dismissKey(`rewrite:${s.id}`);
                  return useCommits.getState().load(s.id);
                })
                .catch((e: unknown) => toastError('Cannot accept the rewrite', e))
            }
          >
            Accept rewrite
          </button>
        </div>
      )}
      {error && <p className="review-error">{error}</p>}
      <div className="review-body">
        <nav className="commit-list" aria-label="Commits">
          <button
            className={`commit-row ${sel.kind === 'session' ? 'commit-row-on' : ''}`}
            onClick={() => setSel({ kind: 'session' })}
          >
            <span className="commit-subject">Whole session</span>
            <span className="commit-meta muted">
              {list
                ? `${list.commits.length} commit${list.commits.length === 1 ? '' : 's'} since ${list.base?.slice(0, 8) ?? 'the start'}`
                : 'Loading…'}
            </span>
          </button>
          {list?.commits.map((c, i) => (
            <CommitRow
              key={c.hash}
              commit={c}
              on={selected(i)}
              onPick={(range) => pick(i, range)}
            />
          ))}
          {list && list.commits.length === 0 && (
            <p className="muted commit-empty">
              No commits yet. They appear here as the agent makes them.
            </p>
          )}
          {list && list.commits.length > 1 && (
            <p className="muted commit-empty">Shift-click a second commit to review a range.</p>
          )}
          {start && (
            <StartRow
              hash={start}
              on={sel.kind === 'start'}
              onPick={() => setSel({ kind: 'start' })}
            />
          )}
        </nav>
        {/* Keyed by the selection, not the tip: a new commit keeps the open file and editor. */}
        <ReviewFiles key={targetKey} sessionId={s.id} target={target} summary={summary} />
      </div>
    </div>
  );
}

/** One commit of the list; its text comes from the container (shown neutralised). */
export function CommitRow(props: {
  commit: CommitSummary;
  on: boolean;
  onPick: (range: boolean) => void;
}) {
  const c = props.commit;
  return (
    <button
      className={`commit-row ${props.on ? 'commit-row-on' : ''}`}
      data-testid="commit-row"
      title={neutralise(c.message)}
      onClick={(e) => props.onPick(e.shiftKey)}
    >
      <span className="commit-subject">{neutraliseLine(c.subject) || '(no message)'}</span>
      <span className="commit-meta">
        <code className="commit-hash">{c.hash.slice(0, 8)}</code>
        <span className="muted">
          {neutraliseLine(c.authorName)} · {ago(c.date)}
        </span>
        <span className="plus">+{c.insertions}</span>
        <span className="minus">−{c.deletions}</span>
      </span>
    </button>
  );
}

/** The user's own edits the session started from: listed apart, never counted as the agent's. */
function StartRow(props: { hash: string; on: boolean; onPick: () => void }) {
  return (
    <button
      className={`commit-row commit-row-start ${props.on ? 'commit-row-on' : ''}`}
      data-testid="start-row"
      title="The edits you had not committed when the session started, committed as you so the agent's commits hold only its own work. Pushed with the branch, since the agent's work builds on them."
      onClick={props.onPick}
    >
      <span className="commit-subject">Your uncommitted changes at start</span>
      <span className="commit-meta">
        <code className="commit-hash">{props.hash.slice(0, 8)}</code>
        <span className="muted">yours, not the agent’s</span>
      </span>
    </button>
  );
}
