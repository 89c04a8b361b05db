export { TerminalView, type TerminalViewProps } from './TerminalView';
export { TerminalController, type TerminalApi, type XtermLike } from './terminal-controller';
export { openTerminalSearch, setActiveTerminalSearch } from './active-search';
