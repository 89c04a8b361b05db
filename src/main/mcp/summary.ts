/**
 * What the checklist, the CLI and the API show of an MCP server: its name, kind, command line
 * or URL, and the NAMES of its env variables and headers. Values never leave this file: env and
 * header values are dropped, and the places people put tokens by hand are masked (URL user
 * info, query values, token-looking path parts and arguments, the argument after --token…).
 */
import type { McpServerSummary } from '../../shared/schemas/mcp';
import type { McpDefinition } from './definitions';

export const MASK = '***';

/** Flag names whose value is a secret: --token, --api-key, --client-secret, --password… */
const SECRET_NAME =
  /(token|secret|passw(or)?d|api[-_]?key|auth|credential|bearer|private[-_]?key)/i;
/** Well-known token prefixes (OpenAI/Stripe, GitHub, GitLab, Slack, AWS, Google, JWT). */
const TOKEN_PREFIX =
  /^(sk-|sk_|pk_|rk_|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|xox[abprs]-|AKIA|AIza|ya29\.|eyJ)/;

/**
 * A token by its look: a known prefix, or a long unbroken run of letters AND digits (random).
 * Paths (leading / or .) and plain long words (package names) are not.
 */
function looksLikeToken(s: string): boolean {
  if (TOKEN_PREFIX.test(s)) return true;
  return (
    s.length >= 32 &&
    /^[A-Za-z0-9_\-+/=]+$/.test(s) &&
    !/^[/.]/.test(s) &&
    /[0-9]/.test(s) &&
    /[A-Za-z]/.test(s)
  );
}

/**
 * The URL with user info, every query value and the fragment masked, and token-looking path
 * segments masked. An unparsable URL is shown as its scheme only: it could be anything.
 */
export function redactUrl(text: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    const scheme = /^([a-z][a-z0-9+.-]{0,20}):/i.exec(text)?.[1];
    return scheme ? `${scheme}:${MASK}` : MASK;
  }
  let out = `${u.protocol}//`;
  if (u.username !== '' || u.password !== '') out += `${MASK}@`;
  out += u.host;
  out += u.pathname
    .split('/')
    .map((seg) => (looksLikeToken(decodeSafe(seg)) ? MASK : seg))
    .join('/');
  const names = [...u.searchParams.keys()];
  if (names.length > 0) {
    out += `?${names.map((n) => `${encodeURIComponent(n)}=${MASK}`).join('&')}`;
  }
  if (u.hash !== '') out += `#${MASK}`;
  return out;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One argument as shown: URLs redacted, --name=value masked for secret names, tokens masked. */
function shownArg(arg: string, previous: string | undefined): string {
  if (previous !== undefined && /^--?[A-Za-z]/.test(previous) && !previous.includes('=')) {
    if (SECRET_NAME.test(previous)) return MASK;
  }
  const eq = /^(--?[A-Za-z][\w.-]*)=(.*)$/s.exec(arg);
  if (eq) {
    const [, flag, value] = eq as unknown as [string, string, string];
    if (SECRET_NAME.test(flag)) return `${flag}=${MASK}`;
    return `${flag}=${shownArg(value, undefined)}`;
  }
  // KEY=value pairs (env-style arguments to wrappers like `env`).
  const kv = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(arg);
  if (kv && SECRET_NAME.test(kv[1]!)) return `${kv[1]}=${MASK}`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return redactUrl(arg);
  if (looksLikeToken(arg)) return MASK;
  return arg;
}

/** Quotes an argument for display when it has spaces or quotes (never run: only shown). */
function quoted(arg: string): string {
  const flat = arg.replace(/[\r\n\t]+/g, ' ');
  return /^[A-Za-z0-9_./:=@%+,~*?&#-]+$/.test(flat) ? flat : `'${flat.replace(/'/g, `'\\''`)}'`;
}

export function displayCommand(command: string, args: readonly string[]): string {
  const shown = [quoted(shownArg(command, undefined))];
  args.forEach((a, i) => shown.push(quoted(shownArg(a, i === 0 ? undefined : args[i - 1]))));
  const line = shown.join(' ');
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}

export function summarize(def: McpDefinition): McpServerSummary {
  return {
    name: def.name,
    kind: def.kind,
    ...(def.command !== undefined ? { command: displayCommand(def.command, def.args) } : {}),
    ...(def.url !== undefined ? { url: redactUrl(def.url) } : {}),
    envNames: def.envNames,
    headerNames: def.headerNames,
  };
}
