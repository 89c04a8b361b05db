/**
 * One rule for what is secret: the config display and the session logs agree (DB_PASS was
 * hidden in Settings but printed by a setup command), and one way to hide credentials in URLs.
 */
import { describe, expect, it } from 'vitest';
import { redactValue } from '../../../src/main/config/redact';
import { redactingSink, sessionSecrets } from '../../../src/main/credentials/redact';
import { redactAddress } from '../../../src/main/engine/address';
import { redactUrls } from '../../../src/main/forge/redact';
import { isSecretName, redactUrlCredentials } from '../../../src/shared/secrets';

describe('what is secret', () => {
  it.each([
    'DB_PASS',
    'GH_TOKEN',
    'SENTRY_DSN',
    'SESSION_COOKIE',
    'AWS_SECRET_ACCESS_KEY',
    'api_key',
  ])('%s is secret', (name) => expect(isSecretName(name)).toBe(true));
  it.each([
    'PWD',
    'NODE_EXTRA_CA_CERTS_FILE',
    'SSL_CERT_DIR',
    'ANTHROPIC_BASE_URL',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'NODE_ENV',
  ])('%s is not', (name) => expect(isSecretName(name)).toBe(false));

  it('a setup command printing a config secret shows it hidden, as Settings does', () => {
    const lines: string[] = [];
    const secrets = sessionSecrets(
      { env: {}, files: [] },
      {
        environment: { DB_PASS: 'hunter2-hunter2', NODE_ENV: 'production' },
        envFileVars: { PLAIN_NAME: 'from-the-env-file-123' },
      },
    );
    const sink = redactingSink((_s: 'stdout', t: string) => lines.push(t), secrets);
    sink.sink('stdout', 'pass=hunter2-hunter2 file=from-the-env-file-123 env=production\n');
    sink.flush();
    const out = lines.join('');
    expect(out).not.toContain('hunter2-hunter2');
    expect(out).not.toContain('from-the-env-file-123');
    expect(out).toContain('env=production');
    expect(redactValue('DB_PASS', 'hunter2-hunter2')).not.toContain('hunter2');
  });
});

describe('credentials in URLs, one way everywhere', () => {
  it.each([
    ['https://me:ghp_secret1234@github.com/a/b.git', 'https://me:••••@github.com/a/b.git'],
    ['https://ghp_abcdefghijklmnopqrstu@github.com/a', 'https://••••@github.com/a'],
    ['https://x-access-token:tok@github.com/a', 'https://••••:••••@github.com/a'],
    ['ssh://git@github.com/a/b.git', 'ssh://git@github.com/a/b.git'],
    ['ssh://me@build:22', 'ssh://me@build:22'],
    ['postgres://user:pw@db:5432/app', 'postgres://user:••••@db:5432/app'],
  ])('%s → %s', (input, shown) => {
    expect(redactUrlCredentials(input)).toBe(shown);
    expect(redactUrls(`fatal: unable to access '${input}'`)).toBe(
      `fatal: unable to access '${shown}'`,
    );
    expect(redactAddress(input)).toBe(shown);
    expect(redactValue('DATABASE_URL', input)).toBe(shown);
  });
});
