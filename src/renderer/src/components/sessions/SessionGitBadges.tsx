/**
 * A session list row's git badges: ↑ahead ↓behind its base, merged (into X), pushed or not, and
 * the pull request (a link, opened by the host in Electron, by the browser in web mode; https
 * only). The row asks for its state when it appears; events refresh it (wire.ts).
 */
import { useEffect } from 'react';
import { openLink } from '../../actions';
import { useConnection } from '../../stores/connection';
import { useGitState } from '../../stores/git-state';
import { type GitBadge, gitBadges } from './merge-text';
import '../../styles/merge.css';

const SAFE_LINK = /^https:\/\/[^/\\@\s]+(\/|$)/i;

export function SessionGitBadges({ sessionId }: { sessionId: string }) {
  const state = useGitState((st) => st.byId[sessionId]);
  useEffect(() => useGitState.getState().refresh(sessionId), [sessionId]);
  if (!state) return null;
  const badges = gitBadges(state);
  if (badges.length === 0) return null;
  return (
    <span className="git-badges" data-testid="git-badges">
      {badges.map((b) => (
        <Badge key={b.key} badge={b} />
      ))}
    </span>
  );
}

function Badge({ badge: b }: { badge: GitBadge }) {
  const mode = useConnection((st) => st.mode);
  const cls = `git-badge git-badge-${b.tone}`;
  if (b.url && SAFE_LINK.test(b.url)) {
    if (mode === 'web')
      return (
        <a
          className={`${cls} git-badge-link`}
          href={b.url}
          target="_blank"
          rel="noopener noreferrer"
          title={b.title}
          data-badge={b.key}
        >
          {b.text}
        </a>
      );
    const url = b.url;
    return (
      <button
        className={`${cls} git-badge-link`}
        title={b.title}
        data-badge={b.key}
        onClick={() => void openLink(url)}
      >
        {b.text}
      </button>
    );
  }
  return (
    <span className={cls} title={b.title} aria-label={b.title} data-badge={b.key}>
      {b.text}
    </span>
  );
}
