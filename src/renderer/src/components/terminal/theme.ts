/**
 * The terminal's colours follow the system's appearance like the page's CSS does
 * (prefers-color-scheme); xterm draws its own colours, so it is told. DOM-free but for
 * `watchColorScheme`, which takes the media query as a parameter (tested under Node).
 */
import type { ITheme } from '@xterm/xterm';

export type ColorScheme = 'light' | 'dark';

export const LIGHT_QUERY = '(prefers-color-scheme: light)';

type MediaQuery = Pick<MediaQueryList, 'matches' | 'addEventListener' | 'removeEventListener'>;

/** Dark unless the system asks for light (no preference, or no matchMedia, is dark). */
export function colorScheme(query: Pick<MediaQuery, 'matches'> | null | undefined): ColorScheme {
  return query?.matches ? 'light' : 'dark';
}

const DARK: ITheme = {
  background: '#1e1e1e',
  foreground: '#d4d4d4',
  cursor: '#d4d4d4',
  cursorAccent: '#1e1e1e',
  selectionBackground: '#264f78',
};

// Light: the standard ANSI colours that stay readable on white (yellow and bright white are the
// usual casualties).
const LIGHT: ITheme = {
  background: '#ffffff',
  foreground: '#24292f',
  cursor: '#24292f',
  cursorAccent: '#ffffff',
  selectionBackground: '#b6d3f5',
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#7d4e00',
  blue: '#0550ae',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#218bff',
  brightMagenta: '#a475f9',
  brightCyan: '#3192aa',
  brightWhite: '#8c959f',
};

export function terminalTheme(scheme: ColorScheme): ITheme {
  return scheme === 'light' ? LIGHT : DARK;
}

/** Calls `apply` with the scheme now and on every change; returns the unsubscriber. */
export function watchColorScheme(
  query: MediaQuery | null | undefined,
  apply: (scheme: ColorScheme) => void,
): () => void {
  apply(colorScheme(query));
  if (!query) return () => undefined;
  const onChange = () => apply(colorScheme(query));
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}
