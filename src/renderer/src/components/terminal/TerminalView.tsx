/**
 * An xterm.js view of one terminal of the main process. Terminal bytes never touch React state
 * or a store: TerminalController writes them straight into the xterm instance. The view fits
 * the terminal to its box, and has a search bar (Ctrl/Cmd+Shift+F, Enter / Shift+Enter, Esc).
 */
import { useEffect, useRef, useState } from 'react';
import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import { useConnection } from '../../stores/connection';
import { setActiveTerminalSearch } from './active-search';
import { TerminalController, type TerminalApi } from './terminal-controller';
import { LIGHT_QUERY, terminalTheme, watchColorScheme } from './theme';
import { TERMINAL_FONT } from './font';

export interface TerminalViewProps {
  terminalId: string;
  api: TerminalApi;
  /** Errors of the calls behind the view (write, resize, attach), for the app's error display. */
  onError?: (e: unknown) => void;
  className?: string;
  /**
   * Where the terminal's history comes from ('tmux': seeded from tmux's on each attach). The
   * view scrolls its own scrollback either way; kept so callers may say it.
   */
  history?: 'local' | 'tmux';
}

export function TerminalView({ terminalId, api, onError, className }: TerminalViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const termRef = useRef<Terminal | null>(null);
  const [searching, setSearching] = useState(false);
  const [query, setQuery] = useState('');
  const searchInput = useRef<HTMLInputElement>(null);

  // The Find in Terminal command opens this view's search bar (or focuses it again).
  useEffect(
    () =>
      setActiveTerminalSearch(() => {
        setSearching(true);
        searchInput.current?.focus();
      }),
    [],
  );

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      allowProposedApi: true,
      // A blinking cursor is a CSS animation that never stops: ~10 % of a core in Chromium
      // without a GPU for a terminal nobody types in (bench idle-sessions). VS Code's default too.
      cursorBlink: false,
      fontFamily: TERMINAL_FONT,
      fontSize: 13,
      scrollback: 10_000,
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    // Emoji and other wide characters take two cells, as in the app's own screen of it.
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    term.open(el);
    termRef.current = term;
    searchRef.current = search;
    // The size this viewer shows (and asked the terminal for), readable from outside (tests).
    const showSize = () => {
      el.dataset.cols = String(term.cols);
      el.dataset.rows = String(term.rows);
    };
    showSize();
    const sizeWatch = term.onResize(showSize);
    const stopTheme = watchColorScheme(window.matchMedia?.(LIGHT_QUERY), (scheme) => {
      term.options.theme = terminalTheme(scheme);
    });
    term.attachCustomKeyEventHandler((e) => {
      if (
        e.type === 'keydown' &&
        (e.ctrlKey || e.metaKey) &&
        e.shiftKey &&
        e.key.toLowerCase() === 'f'
      ) {
        setSearching(true);
        return false;
      }
      return true;
    });
    const controller = new TerminalController(term, api, terminalId, undefined, onError);
    const refit = () => {
      const dims = fit.proposeDimensions();
      if (dims && dims.cols > 1 && dims.rows > 0) controller.resize(dims.cols, dims.rows);
    };
    controller.start().then(refit, (e: unknown) => onError?.(e));
    // A WebSocket that reconnects lost this viewer on the server: draw again from a snapshot.
    let wasOpen = useConnection.getState().state === 'open';
    const stopWatching = useConnection.subscribe((c) => {
      const open = c.state === 'open';
      if (open && !wasOpen) controller.attach().then(refit, (e: unknown) => onError?.(e));
      wasOpen = open;
    });
    const observer = new ResizeObserver(() => refit());
    observer.observe(el);
    term.focus();
    return () => {
      stopWatching();
      sizeWatch.dispose();
      stopTheme();
      observer.disconnect();
      controller.dispose();
      term.dispose();
      termRef.current = null;
      searchRef.current = null;
    };
    // onError is a callback for reporting only; a new one must not reattach the terminal.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [terminalId, api]);

  const find = (backwards: boolean) => {
    const s = searchRef.current;
    if (!s || !query) return;
    if (backwards) s.findPrevious(query);
    else s.findNext(query);
  };

  return (
    <div className={`terminal-view ${className ?? ''}`}>
      {searching && (
        <div className="terminal-search" role="search">
          <input
            autoFocus
            ref={searchInput}
            aria-label="Search the terminal"
            placeholder="Search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') find(e.shiftKey);
              if (e.key === 'Escape') {
                searchRef.current?.clearDecorations();
                setSearching(false);
                termRef.current?.focus();
              }
            }}
          />
          <button type="button" onClick={() => find(true)} aria-label="Previous match">
            ↑
          </button>
          <button type="button" onClick={() => find(false)} aria-label="Next match">
            ↓
          </button>
        </div>
      )}
      {/* The padding is the outer box's: the fit measures the inner one, which has none. */}
      <div className="terminal-host">
        <div className="terminal-fit" ref={host} data-testid="terminal-fit" />
      </div>
    </div>
  );
}
