/**
 * The effective config every domain imports. The zod schema (also the readConfig payload) lives
 * in src/shared/schemas/config.ts so the renderer sees the same shape.
 */
import type { ConfigIssue, ResolvedConfig, UntrustedConfig } from '../../shared/schemas/config';

export { ConfigIssue, ResolvedConfig, ResolvedMount } from '../../shared/schemas/config';

export type ConfigLoadResult =
  | {
      ok: true;
      config: ResolvedConfig;
      sources: string[];
      /** Set when the project file's powerful settings were left out (not trusted). */
      untrusted?: UntrustedConfig;
    }
  | { ok: false; issues: ConfigIssue[] };
