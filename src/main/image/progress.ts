/** Image progress as sessions show it, made from the engine's build and pull events. */
import type { BuildProgress } from '../engine/types';

export interface ImageProgress {
  phase: 'image-check' | 'image-build' | 'image-pull' | 'image-ready';
  message: string;
  current?: number;
  total?: number;
}

const STEP = /^(?:Step|STEP) (\d+)\/(\d+)/;

/** Engine build/pull events → ImageProgress (steps carry current/total). */
export function buildProgress(p: BuildProgress): ImageProgress {
  if (p.kind === 'step') {
    const m = STEP.exec(p.text);
    return m
      ? { phase: 'image-build', message: p.text, current: Number(m[1]), total: Number(m[2]) }
      : { phase: 'image-build', message: p.text };
  }
  if (p.kind === 'log') return { phase: 'image-build', message: p.text };
  const out: ImageProgress = {
    phase: 'image-pull',
    message: p.id ? `${p.id}: ${p.status}` : p.status,
  };
  if (p.current !== undefined) out.current = p.current;
  if (p.total !== undefined) out.total = p.total;
  return out;
}
