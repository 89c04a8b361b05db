/**
 * A viewer's scrollback seeded from tmux's history. The agent's tmux client draws in the normal
 * buffer (no alternate screen), so a viewer's xterm keeps what scrolls off as in a plain
 * terminal; what scrolled off before the viewer attached is tmux's history, captured on each
 * attach (a new viewer, a reconnect) and written before the screen's own snapshot.
 *
 * The snapshot of the screen (serialized without scrollback) draws from the top-left of a blank
 * screen. So the history is written first, then enough line feeds to push all of it into the
 * scrollback (a history shorter than the screen too) and leave a blank screen, then the cursor
 * goes home and the screen is drawn. capture-pane carries the pen from line to line (each line
 * starts in the colours the previous one ended in), so the lines are written in one run and the
 * pen is reset only at the end, before the line feeds (a coloured pen would paint the lines
 * they bring in).
 */
export function seedHistory(history: string, rows: number): string {
  const text = history.endsWith('\n') ? history.slice(0, -1) : history;
  if (!text) return '';
  return `${text.replace(/\r?\n/g, '\r\n')}\x1b[0m\r\n${'\n'.repeat(Math.max(0, rows - 1))}\x1b[H`;
}
