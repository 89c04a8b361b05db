/**
 * Secrets are shown as "••••" whenever config is shown (readConfig, the CLI, logs): values of
 * secret-looking environment names, every envFile value, and passwords inside URLs.
 */
import type { ResolvedConfig } from '../../shared/schemas/config';

export const REDACTED = '••••';

/** Names that usually hold credentials. Over-redacting a harmless value is the cheap mistake. */
const SECRET_NAME =
  /(TOKEN|KEY|SECRET|PASSWORD|PASSWD|PASS|PWD|CREDENTIAL|AUTH|PRIVATE|COOKIE|SESSION|SIGNATURE|CERT|DSN)/i;

/** `scheme://user:password@host` → the password part. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)([^/\s@]+)(@)/gi;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function redactValue(name: string, value: string): string {
  if (isSecretName(name)) return REDACTED;
  return value.replace(URL_PASSWORD, `$1${REDACTED}$3`);
}

export function redactConfig(config: ResolvedConfig): ResolvedConfig {
  return {
    ...config,
    environment: Object.fromEntries(
      Object.entries(config.environment).map(([k, v]) => [k, redactValue(k, v)]),
    ),
    envFileVars: Object.fromEntries(Object.keys(config.envFileVars).map((k) => [k, REDACTED])),
    setupCommands: config.setupCommands.map((c) => c.replace(URL_PASSWORD, `$1${REDACTED}$3`)),
    ...(config.dockerSocketPath !== undefined
      ? { dockerSocketPath: config.dockerSocketPath.replace(URL_PASSWORD, `$1${REDACTED}$3`) }
      : {}),
  };
}
