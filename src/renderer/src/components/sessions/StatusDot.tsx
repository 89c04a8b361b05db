import { STATUS_LABEL, type ShownStatus } from '../../stores/sessions';

/** A coloured dot with the status as its accessible name (colour is never the only cue). */
export function StatusDot({ status }: { status: ShownStatus }) {
  return (
    <span
      className={`status-dot status-${status}`}
      role="img"
      aria-label={STATUS_LABEL[status]}
      title={STATUS_LABEL[status]}
    />
  );
}
