/**
 * Behind a TLS-inspecting proxy, containers need the proxy's CA. When this computer already
 * trusts it, its system CA bundle holds it: the button asks the host where that bundle is
 * (getHostTrustStore) and shows the extraCaCertificates entry to add to the config file below,
 * or, where the store is not a file (macOS, Windows), how to export the CA.
 */
import { useState } from 'react';
import type { HostTrustStore } from '../../../../shared/schemas/image';
import { api } from '../../api-context';
import { type ShownError, toShownError } from '../../stores/errors';

type Found = { ok: true; value: HostTrustStore } | { ok: false; error: ShownError };

export function TrustStoreSection() {
  const [found, setFound] = useState<Found | null>(null);
  const [busy, setBusy] = useState(false);
  const look = () => {
    setBusy(true);
    api()
      .getHostTrustStore({})
      .then(
        (value) => setFound({ ok: true, value }),
        (e: unknown) => setFound({ ok: false, error: toShownError('', e) }),
      )
      .finally(() => setBusy(false));
  };
  return (
    <section className="settings-section" aria-label="Proxy certificates">
      <h3>Proxy certificates</h3>
      <p className="muted">
        Behind a proxy that re-signs TLS, sessions and image builds need its certificate authority (
        <code>extraCaCertificates</code>). If this computer already trusts the proxy, its trust
        store has it.
      </p>
      <button className="button" type="button" disabled={busy} onClick={look}>
        Use this computer&apos;s trust store
      </button>
      {found && (
        <div className="settings-trust" data-testid="trust-store-result" role="status">
          {!found.ok ? (
            <p className="settings-bad">{found.error.message}</p>
          ) : found.value.path !== null ? (
            <>
              <p>
                Found <code>{found.value.path}</code>. Add it to your config file below:
              </p>
              <code className="mono">
                &quot;extraCaCertificates&quot;: [{JSON.stringify(found.value.path)}]
              </code>
            </>
          ) : (
            <p className="settings-bad">{found.value.hint}</p>
          )}
        </div>
      )}
    </section>
  );
}
