/**
 * Claude Code's own login (first-party Anthropic API): API key, auth token for a gateway,
 * the long-lived OAuth token, and the OAuth credentials file (Linux/Windows) or Keychain item
 * (macOS).
 *
 * Policy: when Claude Code will use Bedrock or Vertex (CLAUDE_CODE_USE_*), none of these are
 * forwarded, because Claude Code would ignore them. Otherwise every first-party login that
 * exists is forwarded: which one Claude Code uses among them can be changed inside the session
 * (/login, the API key prompt), and they all reach the same account the user already chose.
 * One exception: an API key the user declined in Claude Code on this machine stays home.
 */
import { join } from 'node:path';
import { oauthLoginNotes } from '../claude-login/report-notes';
import { describeFailedRead, readHostFile } from './host-readers';
import type { ClaudeProvider, KeychainReader, PlanBuilder } from './types';

export const CREDENTIALS_FILE = '.claude/.credentials.json';

export interface ClaudeAuthInput {
  provider: ClaudeProvider;
  /** The host's Claude dir (~/.claude or $CLAUDE_CONFIG_DIR). */
  claudeDir: string;
  /** The parsed host ~/.claude.json, when there is one. */
  claudeJson: Record<string, unknown> | null;
  platform: NodeJS.Platform;
  readKeychain?: KeychainReader;
}

export interface ClaudeAuthResult {
  /** Whether any first-party login goes into the container. */
  forwarded: boolean;
  /** The forwarded API key's last 20 characters when the user approved it (Claude's own record). */
  approvedKeySuffix: string | null;
  /** Keep `primaryApiKey` (a Console login stored in ~/.claude.json). */
  keepPrimaryApiKey: boolean;
}

const PROVIDER_WORDS: Record<ClaudeProvider, string> = {
  anthropic: 'the Anthropic API',
  bedrock: 'Amazon Bedrock (CLAUDE_CODE_USE_BEDROCK is set)',
  vertex: 'Google Vertex AI (CLAUDE_CODE_USE_VERTEX is set)',
};

function notNeeded(provider: ClaudeProvider): string {
  return `not forwarded: Claude Code will use ${PROVIDER_WORDS[provider]}, so it would not use this`;
}

/** Claude Code remembers API key decisions by the key's last 20 characters. */
function keySuffix(key: string): string {
  return key.slice(-20);
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** True for a JSON object; never surfaces a parse error (its message quotes the input). */
function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

export async function planClaudeAuth(
  b: PlanBuilder,
  input: ClaudeAuthInput,
): Promise<ClaudeAuthResult> {
  const { provider } = input;
  const firstParty = provider === 'anthropic';
  let forwarded = false;
  let approvedKeySuffix: string | null = null;

  // --- environment variables -------------------------------------------------------------
  const responses = input.claudeJson?.customApiKeyResponses as
    { approved?: unknown; rejected?: unknown } | undefined;
  const apiKey = b.lookup('ANTHROPIC_API_KEY');
  if (!apiKey) {
    b.entry({
      id: 'anthropic-api-key',
      label: 'Anthropic API key',
      group: 'claude',
      source: 'env ANTHROPIC_API_KEY',
      found: false,
      forwarded: false,
      reason: 'not set',
    });
  } else {
    const suffix = keySuffix(apiKey.value);
    const declined = !apiKey.fromConfig && stringList(responses?.rejected).includes(suffix);
    const send = firstParty && !declined;
    if (send && stringList(responses?.approved).includes(suffix)) approvedKeySuffix = suffix;
    b.entry({
      id: 'anthropic-api-key',
      label: 'Anthropic API key',
      group: 'claude',
      source: apiKey.source,
      found: true,
      forwarded: send,
      target: send ? b.addEnv('ANTHROPIC_API_KEY', apiKey.value) : undefined,
      reason: !firstParty
        ? notNeeded(provider)
        : declined
          ? 'not forwarded: you declined this key in Claude Code on this machine (~/.claude.json)'
          : 'forwarded as an environment variable',
    });
    forwarded ||= send;
  }

  for (const [name, label, id] of [
    ['ANTHROPIC_AUTH_TOKEN', 'Anthropic auth token (LLM gateway)', 'anthropic-auth-token'],
    ['CLAUDE_CODE_OAUTH_TOKEN', 'Claude OAuth token (claude setup-token)', 'claude-oauth-token'],
  ] as const) {
    const found = b.lookup(name);
    b.entry({
      id,
      label,
      group: 'claude',
      source: found?.source ?? `env ${name}`,
      found: found !== undefined,
      forwarded: found !== undefined && firstParty,
      target: found && firstParty ? b.addEnv(name, found.value) : undefined,
      reason: !found
        ? 'not set'
        : firstParty
          ? 'forwarded as an environment variable'
          : notNeeded(provider),
    });
    forwarded ||= found !== undefined && firstParty;
  }

  // A gateway URL is not a secret, but the key/token above is useless without it.
  const baseUrl = b.lookup('ANTHROPIC_BASE_URL');
  if (baseUrl && firstParty) b.addEnv('ANTHROPIC_BASE_URL', baseUrl.value);

  // --- OAuth login: Keychain (macOS) or credentials file ------------------------------------
  const filePath = join(input.claudeDir, '.credentials.json');
  let oauth: { content: Buffer; entryId: string } | null = null;
  if (input.platform === 'darwin') {
    const source = 'macOS Keychain item "Claude Code-credentials"';
    let value: string | null = null;
    let failed = false;
    try {
      value = input.readKeychain ? await input.readKeychain() : null;
    } catch {
      failed = true; // the reader's error could quote the secret: report only that it failed
    }
    const valid = value !== null && isJsonObject(value);
    const send = valid && firstParty;
    if (send) oauth = { content: Buffer.from(value!, 'utf8'), entryId: 'claude-keychain' };
    b.entry({
      id: 'claude-keychain',
      label: 'Claude login (OAuth) in the macOS Keychain',
      group: 'claude',
      source,
      found: value !== null,
      forwarded: send,
      target: send ? b.addFile(CREDENTIALS_FILE, oauth!.content, 0o600) : undefined,
      reason: failed
        ? 'could not read the Keychain (access refused?)'
        : value === null
          ? 'not found (not logged in with claude on this Mac, or Keychain access was refused)'
          : !valid
            ? 'found but it is not the JSON Claude Code writes; not forwarded'
            : send
              ? 'forwarded as a file readable only by the container user'
              : notNeeded(provider),
    });
  }

  const read = await readHostFile(filePath);
  const fileValid = read.ok && isJsonObject(read.content.toString('utf8'));
  const fileSend = fileValid && firstParty && oauth === null;
  if (fileSend && read.ok) oauth = { content: read.content, entryId: 'claude-credentials-file' };
  b.entry({
    id: 'claude-credentials-file',
    label: 'Claude login (OAuth) credentials file',
    group: 'claude',
    source: filePath,
    found: read.ok,
    forwarded: fileSend,
    target: fileSend && oauth ? b.addFile(CREDENTIALS_FILE, oauth.content, 0o600) : undefined,
    reason: !read.ok
      ? describeFailedRead(read.why)
      : !fileValid
        ? 'found but it is not valid JSON; not forwarded'
        : !firstParty
          ? notNeeded(provider)
          : fileSend
            ? 'forwarded as a file readable only by the container user'
            : 'not forwarded: the Keychain login is the one Claude Code uses on macOS',
  });
  forwarded ||= oauth !== null;
  // Expired, and rotating: what the app does about it and the token that never rotates.
  for (const n of oauthLoginNotes(
    oauth?.content ?? null,
    b.lookup('CLAUDE_CODE_OAUTH_TOKEN') !== undefined,
  ))
    b.note(n);

  // --- Console login kept inside ~/.claude.json ----------------------------------------------
  const primary = input.claudeJson?.primaryApiKey;
  const hasPrimary = typeof primary === 'string' && primary !== '';
  if (hasPrimary) {
    b.entry({
      id: 'claude-console-key',
      label: 'Anthropic Console login stored in ~/.claude.json',
      group: 'claude',
      source: 'primaryApiKey in ~/.claude.json',
      found: true,
      forwarded: firstParty,
      target: firstParty ? `${b.containerHome.replace(/\/+$/, '')}/.claude.json` : undefined,
      reason: firstParty
        ? 'forwarded inside the copied ~/.claude.json'
        : `removed from the copied ~/.claude.json: ${notNeeded(provider).replace(/^not forwarded: /, '')}`,
    });
    forwarded ||= firstParty;
  }

  return { forwarded, approvedKeySuffix, keepPrimaryApiKey: hasPrimary && firstParty };
}
