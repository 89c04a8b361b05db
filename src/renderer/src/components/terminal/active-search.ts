/**
 * Which terminal the Find in Terminal command searches: the TerminalView shown last registers
 * how to open its search bar, and unregisters when it goes away.
 */
type Opener = () => void;
let opener: Opener | null = null;

export function setActiveTerminalSearch(open: Opener): () => void {
  opener = open;
  return () => {
    if (opener === open) opener = null;
  };
}

/** Opens the shown terminal's search bar; false when no terminal is shown. */
export function openTerminalSearch(): boolean {
  if (!opener) return false;
  opener();
  return true;
}
