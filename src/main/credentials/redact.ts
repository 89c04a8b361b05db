/**
 * redactSecrets(text, plan): replace every secret a plan forwards with a marker, for anything
 * that goes to logs, events or error messages (an agent echoing its env, a setup command's
 * output, an engine error quoting a request). The secrets are derived from the plan itself:
 * values of secret-named env vars, and the secret fields of the 0600 files.
 */
import { isSecretName } from '../../shared/secrets';
import type { CredentialPlan } from './types';

export const REDACTED = '[redacted]';

/** Values shorter than this are not redacted: "1" or "us-east-1" would wreck any log line. */
const MIN_SECRET_LENGTH = 8;

export { isSecretName } from '../../shared/secrets';

function collectJson(value: unknown, secretContext: boolean, out: Set<string>): void {
  if (typeof value === 'string') {
    if (secretContext) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectJson(v, secretContext, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value))
      collectJson(v, secretContext || isSecretName(k), out);
  }
}

function collectFile(content: Buffer, out: Set<string>): void {
  const text = content.toString('utf8');
  try {
    collectJson(JSON.parse(text), false, out);
    return;
  } catch {
    // not JSON: INI / env style below
  }
  for (const line of text.split(/\r?\n/)) {
    const kv = /^\s*([A-Za-z0-9_.-]+)\s*[=:]\s*(.+?)\s*$/.exec(line);
    if (kv && isSecretName(kv[1]!)) out.add(kv[2]!.replace(/^["']|["']$/g, ''));
  }
}

/**
 * What redaction needs of a plan: the values it forwards (the report is not needed), and
 * `values` that are secret whatever their name (the config's envFile variables).
 */
export type Secrets = Pick<CredentialPlan, 'env' | 'files'> & { values?: readonly string[] };

const cache = new WeakMap<Secrets, string[]>();

/** Every secret value in the plan, longest first (so a longer secret is replaced whole). */
export function secretValues(plan: Secrets): string[] {
  const cached = cache.get(plan);
  if (cached) return cached;
  const found = new Set<string>();
  for (const [name, value] of Object.entries(plan.env)) {
    if (isSecretName(name)) found.add(value);
  }
  for (const f of plan.files) {
    if ((f.mode & 0o077) === 0) collectFile(f.content, found);
  }
  for (const v of plan.values ?? []) found.add(v);
  const variants = new Set<string>();
  for (const s of found) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    variants.add(s);
    // As it appears inside JSON (a private key's newlines become \n).
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s) variants.add(escaped);
  }
  const list = [...variants].sort((a, b) => b.length - a.length);
  cache.set(plan, list);
  return list;
}

export function redactSecrets(text: string, plan: Secrets): string {
  let out = text;
  for (const s of secretValues(plan)) {
    if (out.includes(s)) out = out.split(s).join(REDACTED);
  }
  return out;
}

export interface StreamRedactor {
  /** Redacted text that is safe to emit now (a possible start of a secret is held back). */
  push(chunk: string): string;
  /** Whatever is held back, redacted: call when the stream ends. */
  flush(): string;
}

/**
 * redactSecrets for output that arrives in chunks (setup commands, agent logs): a secret split
 * across two chunks is still caught, because a chunk's tail that could begin a secret is held
 * back until the next chunk shows whether it does.
 */
export function createStreamRedactor(plan: Secrets): StreamRedactor {
  const secrets = secretValues(plan);
  let pending = '';
  const heldTail = (text: string): number => {
    let keep = 0;
    for (const s of secrets) {
      for (let k = Math.min(s.length - 1, text.length); k > keep; k--) {
        if (text.endsWith(s.slice(0, k))) {
          keep = k;
          break;
        }
      }
    }
    return keep;
  };
  return {
    push(chunk) {
      if (secrets.length === 0) return chunk;
      const text = redactSecrets(pending + chunk, plan);
      const keep = heldTail(text);
      pending = text.slice(text.length - keep);
      return text.slice(0, text.length - keep);
    },
    flush() {
      const rest = redactSecrets(pending, plan);
      pending = '';
      return rest;
    },
  };
}

/**
 * Wraps a log sink of (stream, text) so each stream's text is redacted as it arrives; call
 * `flush()` when the output has ended (also after a failure) to emit what was held back.
 */
export function redactingSink<S extends string>(
  sink: (stream: S, text: string) => void,
  plan: Secrets,
): { sink: (stream: S, text: string) => void; flush(): void } {
  const byStream = new Map<S, StreamRedactor>();
  return {
    sink(stream, text) {
      let r = byStream.get(stream);
      if (!r) byStream.set(stream, (r = createStreamRedactor(plan)));
      const out = r.push(text);
      if (out !== '') sink(stream, out);
    },
    flush() {
      for (const [stream, r] of byStream) {
        const out = r.flush();
        if (out !== '') sink(stream, out);
      }
      byStream.clear();
    },
  };
}

/**
 * Everything secret a session's container gets, for its logs: the credentials plan, the
 * config's secret-named `environment` values and every envFile value (the config display hides
 * all of those too).
 */
export function sessionSecrets(
  creds: Pick<CredentialPlan, 'env' | 'files'>,
  config: { environment: Record<string, string>; envFileVars: Record<string, string> },
): Secrets {
  return {
    env: { ...config.environment, ...creds.env },
    files: creds.files,
    values: Object.values(config.envFileVars),
  };
}
