/**
 * The terminal's font stack. xterm.js measures one cell with the first font and draws every
 * character with the browser's fallback per glyph, so the list is: a monospace face per
 * platform (the first that exists sets the cell), then faces that hold the box drawing, block
 * and symbol characters Claude Code draws (╭─╮ │ ✻ ⏺ ⎿ ✔ ✗ ▶ …) where the first has none, then
 * colour emoji. Nothing is downloaded: every name is a font the platform ships (Linux: the
 * DejaVu / Noto / Liberation packages most desktops install; fonts-noto-color-emoji and
 * fonts-symbola for emoji and the rarer symbols). Emoji widths: xterm.js measures with its
 * Unicode 6 table unless a newer one is loaded (@xterm/addon-unicode11, not a dependency yet),
 * so an emoji the program counts as two cells may overlap its right neighbour.
 */
export const TERMINAL_FONT = [
  'ui-monospace',
  'SFMono-Regular',
  'Menlo',
  'Cascadia Mono',
  'Consolas',
  '"DejaVu Sans Mono"',
  '"Noto Sans Mono"',
  '"Liberation Mono"',
  '"Symbols Nerd Font Mono"',
  '"Noto Sans Symbols 2"',
  '"Noto Sans Symbols"',
  '"Segoe UI Symbol"',
  '"Apple Symbols"',
  '"Apple Color Emoji"',
  '"Segoe UI Emoji"',
  '"Noto Color Emoji"',
  // Last: a face with nearly every symbol, monochrome (after the colour emoji on purpose).
  'Symbola',
  'monospace',
].join(', ');
