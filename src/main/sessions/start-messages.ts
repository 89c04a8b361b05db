/**
 * What a start says while it waits, made from the image's build and pull events: every message
 * names what is being waited for, and the counts never go back within the image phase (a
 * build's log lines keep their step; a pull counts the bytes of all its layers together).
 */
import type { ImageProgress } from '../image/progress';
import type { ImageProgressLike } from './deps';

/** What the image ensurer reports (deps.ts); ensure-image's own events also carry their phase. */
type ImageEvent = ImageProgressLike & { phase?: ImageProgress['phase'] };

export type Report = (message: string, current?: number, total?: number) => void;

const MAX_DETAIL = 120;

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_DETAIL ? `${one.slice(0, MAX_DETAIL - 1)}…` : one;
}

function mb(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;
}

/** Turns the image's progress events into the start's image-phase reports. */
export function imageReporter(report: Report): (p: ImageEvent) => void {
  let step: { current: number; total: number } | null = null;
  const layers = new Map<string, { current: number; total: number }>();
  return (p) => {
    if (p.phase === 'image-build') {
      if (p.current !== undefined && p.total && p.total > 0) {
        step = { current: p.current, total: p.total };
        report(`building the image, ${short(p.message)}`, p.current, p.total);
      } else if (step) {
        const where = `step ${step.current}/${step.total}`;
        report(`building the image (${where}): ${short(p.message)}`, step.current, step.total);
      } else {
        report(`building the image: ${short(p.message)}`);
      }
      return;
    }
    if (p.phase === 'image-pull') {
      const id = /^([0-9a-f]{6,64}): /.exec(p.message)?.[1];
      if (id && p.total && p.total > 0)
        layers.set(id, { current: Math.min(p.current ?? 0, p.total), total: p.total });
      else if (id && /complete|already exists/i.test(p.message)) {
        const known = layers.get(id);
        if (known) known.current = known.total;
      }
      let current = 0;
      let total = 0;
      for (const l of layers.values()) {
        current += l.current;
        total += l.total;
      }
      if (total > 0)
        report(
          `pulling the image: ${mb(current)} of ${mb(total)} (${layers.size} layers)`,
          current,
          total,
        );
      else report(`pulling the image: ${short(p.message)}`);
      return;
    }
    report(short(p.message));
  };
}

/** The setup phase's message: which command of how many, and what it runs. */
export function setupMessage(index: number, commands: readonly string[]): string {
  return `running setup command ${index + 1} of ${commands.length}: ${short(commands[index] ?? '')}`;
}
