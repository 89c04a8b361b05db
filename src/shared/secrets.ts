/**
 * One rule for what is secret, for everything that shows or logs a value: the config display,
 * the trust dialog, setup and agent logs, events, error messages and the CLI. Over-hiding a
 * harmless value is the cheap mistake, so the name rule is broad; the exceptions are names
 * whose values are paths, addresses or the working directory, which people need to see.
 */

/** Names that usually hold credentials: DB_PASS, GH_TOKEN, AWS_SECRET_ACCESS_KEY, SENTRY_DSN, … */
const SECRET_NAME =
  /(TOKEN|KEY|SECRET|PASSWORD|PASSWD|PASS|PWD|CREDENTIAL|AUTH|PRIVATE|COOKIE|SESSION|SIGNATURE|CERT|DSN)/i;
/** Secret-looking names whose values are paths or places, never the secret itself. */
const PLACE_SUFFIX = /_(FILE|DIR|PATH|BUNDLE|URL|HOST|PORT|REGION)$/i;
const NOT_SECRET = new Set([
  'PWD',
  'OLDPWD',
  'XAUTHORITY',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'AWS_PROFILE',
]);

export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  return SECRET_NAME.test(name) && !NOT_SECRET.has(upper) && !PLACE_SUFFIX.test(name);
}

export const MASK = '••••';

/** A user part that is a token by itself (https://<token>@host), not a user name. */
function tokenLike(user: string): boolean {
  return (
    user.length >= 16 || /^(gh[pousr]_|github_pat_|glpat-|sk-|x-access-token$|oauth2$)/i.test(user)
  );
}

const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]*)(?::([^/\s@]*))?@/gi;

/**
 * Credentials inside URLs in any text: `scheme://user:password@` keeps the user and hides the
 * password; `scheme://token@` hides a user part that is a token (long, or a known token prefix)
 * and keeps a plain user name (ssh://git@host, ssh://me@build).
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(USERINFO, (whole, scheme: string, user: string, password?: string) => {
    if (password !== undefined) return `${scheme}${tokenLike(user) ? MASK : user}:${MASK}@`;
    return tokenLike(user) ? `${scheme}${MASK}@` : whole;
  });
}
