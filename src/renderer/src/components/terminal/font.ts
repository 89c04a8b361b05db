/**
 * The terminal's font stack. xterm.js measures one cell with the first font and draws every
 * character with the browser's fallback per glyph, so the list is: a monospace face per
 * platform (the first that exists sets the cell), then faces that hold the box drawing, block
 * and symbol characters Claude Code draws (╭─╮ │ ✻ ⏺ ⎿ ✔ ✗ ▶ …) where the first has none, then
 * colour emoji. Nothing is downloaded: every name is a font the platform ships (Linux: the
 * DejaVu / Noto / Liberation packages most desktops install; fonts-noto-color-emoji and
 * fonts-symbola for emoji and the rarer symbols). `CCR Text Symbols` (terminal.css) takes the
 * arrows, technical, geometric and dingbat ranges from a text-style face before the colour emoji
 * faces, which would draw ⏺ and ✔ as two-cell pictures. Widths follow Unicode 11
 * (@xterm/addon-unicode11), as in the app's own screen.
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
  '"CCR Text Symbols"',
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
