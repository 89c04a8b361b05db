/**
 * How `claude-run network`, `ports` and `port` say what they found: the policy in words, the
 * gateway's state (and what "waiting" means for the agent), each denial with the command that
 * allows it, and the listening ports as "3000 · node". Hosts and process names come from the
 * agent's container: every one goes through clean().
 */
import {
  type DeniedAttempt,
  HostPattern,
  type ListeningPort,
  type NetworkPolicy,
  type NetworkState,
} from '../../shared/schemas/network';
import { clean } from './output';

/** The policy as lines: its mode first, then (for an allowlist) what it allows. */
export function policyLines(policy: NetworkPolicy, sessionAllow: readonly string[]): string[] {
  if (typeof policy === 'string') return [`Network: ${modeText(policy)}`];
  const list = (items: readonly string[]) => (items.length ? items.map(clean).join(', ') : 'none');
  return [
    'Network: allowlist (only the hosts below and the agent’s own API are reachable)',
    `  presets: ${list(policy.presets)}`,
    `  allow: ${list(policy.allow)}`,
    `  allowed for this session: ${list(sessionAllow)}`,
  ];
}

function modeText(mode: string): string {
  switch (mode) {
    case 'default':
      return 'default (the engine’s network: the agent can reach any host)';
    case 'none':
      return 'none (no network at all)';
    case 'host':
      return 'host (this machine’s network: the agent can reach any host and local services)';
    default:
      return `the engine network "${clean(mode)}"`;
  }
}

export function gatewayLine(gateway: NetworkState['gateway']): string | null {
  if (gateway === 'serving')
    return 'Gateway: serving (the app or a claude-run process carries the allowed connections).';
  if (gateway === 'waiting') {
    return (
      'Gateway: waiting. The agent has no network until the desktop app or a long-running ' +
      'claude-run (start, attach, web) serves this session.'
    );
  }
  return null; // not an allowlist: there is no gateway to speak of
}

const REASONS: Record<DeniedAttempt['reason'], string> = {
  'not-allowed': 'not on the allowlist',
  'private-address': 'resolves to a private address',
  'bad-request': 'not a proxy request',
};

/** Local time, "2026-12-04 12:31:05": the user reads it against their own clock. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return clean(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * The pattern that lets this attempt through: the bare host for 80 and 443 (a pattern without
 * a port allows both), else host:port. Null when no pattern can (a malformed request).
 */
export function patternFor(a: Pick<DeniedAttempt, 'host' | 'port' | 'reason'>): string | null {
  if (a.reason === 'bad-request' || a.host === '') return null;
  const host = a.host.includes(':') && !a.host.startsWith('[') ? `[${a.host}]` : a.host;
  const pattern = a.port === 80 || a.port === 443 ? host : `${host}:${a.port}`;
  return HostPattern.safeParse(pattern).success ? HostPattern.parse(pattern) : null;
}

/** One denial: its line, then what to do about it (indented). */
export function denialLines(a: DeniedAttempt, sessionId: string): string[] {
  const what = `${formatTime(a.at)}  ${clean(a.host) || '?'}:${a.port}  ${clean(a.process ?? '?')}  ${REASONS[a.reason]}`;
  if (a.reason === 'private-address') {
    return [what, '    allow its address itself (an IP pattern) to reach a private address'];
  }
  const pattern = patternFor(a);
  if (!pattern) return [what];
  return [what, `    claude-run allow ${pattern} ${sessionId}`];
}

export function networkText(state: NetworkState, sessionName: string): string {
  const lines = [`Session ${clean(sessionName)}`, ...policyLines(state.policy, state.sessionAllow)];
  const gw = gatewayLine(state.gateway);
  if (gw) lines.push(gw);
  if (typeof state.policy !== 'string') {
    if (state.denied.length === 0) lines.push('No denied connections.');
    else {
      lines.push('Denied (newest first):');
      for (const a of state.denied)
        lines.push(...denialLines(a, state.sessionId).map((l) => `  ${l}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** "3000 · node", and where it is forwarded to on this machine. */
export function portLine(p: ListeningPort): string {
  const name = p.process ? ` · ${clean(p.process)}` : '';
  return `${p.port}${name}${p.hostPort ? `  → http://127.0.0.1:${p.hostPort}/` : ''}`;
}
