import { z } from 'zod';

/**
 * The host's system trust bundle, offered as `extraCaCertificates` behind a TLS-inspecting
 * proxy. `path` is null where the OS keeps its trust elsewhere (macOS Keychain, Windows store).
 */
export const HostTrustStore = z.object({
  path: z.string().nullable(),
  /** What to do with it (or, without a path, how to export the proxy CA by hand). */
  hint: z.string(),
});
export type HostTrustStore = z.infer<typeof HostTrustStore>;
