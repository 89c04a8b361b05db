/** The config domain's contract handlers: readConfig, validateConfig and the user file editor. */
import type { Handlers } from '../../shared/contract';
import { loadConfig } from './load';
import type { PlatformEnv } from './paths';
import { redactConfig } from './redact';
import { readUserConfigText, writeUserConfigText } from './user-config-write';

export function configHandlers(
  deps: PlatformEnv,
): Pick<Handlers, 'readConfig' | 'validateConfig' | 'readUserConfig' | 'writeUserConfig'> {
  return {
    readUserConfig: () => readUserConfigText(deps),
    writeUserConfig: (input) => writeUserConfigText(deps, input),
    async readConfig({ projectDir }) {
      const r = await loadConfig({ ...deps, projectDir });
      if (!r.ok) return r;
      return {
        ok: true,
        config: redactConfig(r.config),
        sources: r.sources,
        ...(r.untrusted ? { untrusted: r.untrusted } : {}),
      };
    },
    // The editor's text is validated as if it were the project file, layered like the real one.
    async validateConfig({ projectDir, text }) {
      const r = await loadConfig({ ...deps, projectDir, projectText: text, ignoreTrust: true });
      return r.ok ? { ok: true, issues: [] } : { ok: false, issues: r.issues };
    },
  };
}
