/**
 * Secrets are shown as "••••" whenever config is shown (readConfig, the CLI, logs): values of
 * secret-looking environment names, every envFile value, and passwords inside URLs.
 */
import type { ResolvedConfig } from '../../shared/schemas/config';
import { isSecretName, MASK, redactUrlCredentials } from '../../shared/secrets';

export { isSecretName } from '../../shared/secrets';
export const REDACTED = MASK;

export function redactValue(name: string, value: string): string {
  if (isSecretName(name)) return REDACTED;
  return redactUrlCredentials(value);
}

export function redactConfig(config: ResolvedConfig): ResolvedConfig {
  return {
    ...config,
    environment: Object.fromEntries(
      Object.entries(config.environment).map(([k, v]) => [k, redactValue(k, v)]),
    ),
    envFileVars: Object.fromEntries(Object.keys(config.envFileVars).map((k) => [k, REDACTED])),
    setupCommands: config.setupCommands.map((c) => redactUrlCredentials(c)),
    ...(config.dockerSocketPath !== undefined
      ? { dockerSocketPath: redactUrlCredentials(config.dockerSocketPath) }
      : {}),
  };
}
