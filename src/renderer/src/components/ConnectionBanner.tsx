import { useConnection } from '../stores/connection';

/** Web mode only: says why nothing works when the socket is down or the token is missing. */
export function ConnectionBanner() {
  const { mode, state, retryMs, problem } = useConnection();
  if (mode === 'electron') return null;
  if (problem === 'no-token') {
    return (
      <div className="banner banner-bad" role="alert">
        This page needs the link printed by <code>claude-run web</code> (it carries a one-time
        secret token). Open that link, or restart <code>claude-run web</code> to get a new one.
      </div>
    );
  }
  if (problem === 'link-used') {
    return (
      <div className="banner banner-bad" role="alert">
        This link was used already: each link printed by <code>claude-run web</code> opens one tab
        (reloading that tab keeps working). Open the newest link it printed after the first tab
        opened, or run <code>claude-run web</code> again for a fresh one.
      </div>
    );
  }
  if (problem === 'unreachable') {
    return (
      <div className="banner banner-bad" role="alert">
        Could not reach <code>claude-run web</code> to open this page. Check that it is running,
        then open the link it printed.
      </div>
    );
  }
  if (state === 'refused') {
    return (
      <div className="banner banner-bad" role="alert">
        <code>claude-run web</code> no longer knows this tab (it was restarted or stopped). Open the
        new link it printed, or run <code>claude-run web</code> again.
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
