/** Above a long session list: a filter box and one chip per status with its count. */
import { STATUS_LABEL, type ShownStatus } from '../../stores/session-status';
import { useSessionFilter } from '../../stores/session-filter';
import { FILTER_STATUSES } from './session-filter';

export function SessionFilterBar({ counts }: { counts: Partial<Record<ShownStatus, number>> }) {
  const query = useSessionFilter((s) => s.query);
  const picked = useSessionFilter((s) => s.status);
  const { setQuery, toggleStatus, clear } = useSessionFilter.getState();
  return (
    <div className="session-filter">
      <input
        className="session-filter-input"
        type="search"
        placeholder="Filter sessions"
        aria-label="Filter sessions by name, branch or folder"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') clear();
        }}
      />
      <div className="session-filter-chips" role="group" aria-label="Sessions by status">
        {FILTER_STATUSES.filter((st) => counts[st]).map((st) => (
          <button
            key={st}
            className={`session-chip ${picked === st ? 'session-chip-on' : ''}`}
            aria-pressed={picked === st}
            title={`Show only: ${STATUS_LABEL[st]}`}
            onClick={() => toggleStatus(st)}
          >
            <span className={`status-dot status-${st}`} aria-hidden="true" />
            <span className="session-chip-label">{STATUS_LABEL[st]}</span>
            <span className="session-chip-count">{counts[st]}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
