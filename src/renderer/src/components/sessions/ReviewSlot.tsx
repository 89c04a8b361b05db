/** Where the session's review goes (the review components live in components/review). */
import type { SessionInfo } from '../../../../shared/schemas/session';

export function ReviewSlot({ session }: { session: SessionInfo }) {
  return <p className="muted session-idle">Review for {session.branch} is not available yet.</p>;
}
