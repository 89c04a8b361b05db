/**
 * The review's virtual lists learn their scroll box's size from its ResizeObserver only. The
 * library's default also reads it at once (offsetWidth/offsetHeight) in React's commit, which
 * made the browser lay out the page inside the task that drew a new file or tree: the longest
 * task of opening one. The observer reports after the frame's own layout (the list draws for its
 * initialRect until then), so the work is split across the frame instead of piled in one task.
 */
import type { Rect, Virtualizer } from '@tanstack/react-virtual';

export function observeRectAfterLayout<T extends Element>(
  instance: Virtualizer<T, Element>,
  cb: (rect: Rect) => void,
): (() => void) | undefined {
  const el = instance.scrollElement as HTMLElement | null;
  if (!el || typeof ResizeObserver === 'undefined') return undefined;
  const observer = new ResizeObserver(() =>
    // Layout is done when observers run: reading the size here forces nothing.
    cb({ width: el.offsetWidth, height: el.offsetHeight }),
  );
  observer.observe(el, { box: 'content-box' });
  return () => observer.unobserve(el);
}
