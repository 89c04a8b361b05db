/** How far a start is, from its latest progress event (DOM-free, tested under Node). */
import type { SessionPhase, SessionProgress } from '../../../../shared/schemas/session';

/** In the order a start goes through them (src/main/sessions/start-session.ts). */
const PHASES: SessionPhase[] = [
  'checking',
  'image',
  'credentials',
  'container',
  'snapshot',
  'workspace',
  'network',
  'setup',
  'agent',
];

/** 0..1: finished phases plus the current one's own fraction when it reports one (< 1). */
export function phaseFraction(p: SessionProgress | null): number {
  if (!p) return 0.02;
  const i = Math.max(0, PHASES.indexOf(p.phase));
  const within =
    p.total && p.total > 0 && p.current !== undefined
      ? Math.min(1, Math.max(0, p.current / p.total))
      : 0.2;
  return Math.min(0.98, (i + within) / PHASES.length);
}

/**
 * How far a start is shown after its next event: never less than before. Events without a count
 * (a build's log line, "starting the container") and per-layer pull counts would otherwise move
 * the bar back.
 */
export function nextFraction(shown: number | undefined, p: SessionProgress | null): number {
  return Math.max(shown ?? 0, phaseFraction(p));
}

export function phaseText(p: SessionProgress | null): string {
  return p ? `${p.phase}: ${p.message}` : 'Preparing…';
}
