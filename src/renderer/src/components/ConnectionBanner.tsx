import { useConnection } from '../stores/connection';

/** Web mode only: says why nothing works when the socket is down or the token is missing. */
export function ConnectionBanner() {
  const { mode, state, retryMs, problem } = useConnection();
  if (mode === 'electron') return null;
  if (problem === 'no-token') {
    return (
      <div className="banner banner-bad" role="alert">
        This page needs the link printed by <code>claude-run web</code> (it carries this launch's
        secret token). Open that link, or restart <code>claude-run web</code> to get a new one.
      </div>
    );
  }
  if (state !== 'reconnecting') return null;
  return (
    <div className="banner banner-warn" role="status">
      Lost the connection to <code>claude-run web</code>. Retrying
      {retryMs ? ` in ${Math.ceil(retryMs / 1000)} s` : ''}… If it was restarted, open the new link
      it printed.
    </div>
  );
}
