/**
 * Restart (the agent continues its conversation), Restart fresh (a new conversation) and
 * Fork session, where a session shows: the stopped panel's buttons, the session header's
 * menu and the sidebar row's "⋯" menu.
 */
import { useEffect, useRef, useState } from 'react';
import type { SessionInfo } from '../../../../shared/schemas/session';
import { api } from '../../api-context';
import { ForkDialog } from './ForkDialog';
import { toastError } from '../../stores/toasts';
import '../../styles/resume.css';

export function restart(s: SessionInfo, fresh: boolean): Promise<unknown> {
  return api()
    .restartSession({ id: s.id, ...(fresh ? { fresh: true } : {}) })
    .catch((e: unknown) => toastError(fresh ? 'Cannot restart fresh' : 'Cannot restart', e));
}

const canRestart = (s: SessionInfo) => s.status !== 'gone' && s.status !== 'starting';
const canFork = (s: SessionInfo) => s.status !== 'starting';

/** The stopped (or failed) session's panel: both ways back. */
export function RestartChoices({ session: s }: { session: SessionInfo }) {
  return (
    <div className="restart-choices">
      <button
        className="button primary"
        title="Start the container and the agent again; the agent continues its conversation"
        onClick={() => void restart(s, false)}
      >
        Restart session
      </button>
      <button
        className="button"
        title="Start the container and the agent again with a new conversation"
        onClick={() => void restart(s, true)}
      >
        Restart fresh
      </button>
    </div>
  );
}

/** A small menu that closes on a click elsewhere or Escape. */
function useMenu() {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return { open, setOpen, box };
}

function ResumeMenu({
  session: s,
  label,
  buttonClass,
  buttonText,
  withRestart,
}: {
  session: SessionInfo;
  label: string;
  buttonClass: string;
  buttonText: string;
  withRestart: boolean;
}) {
  const { open, setOpen, box } = useMenu();
  const [forking, setForking] = useState(false);
  const pick = (fn: () => void) => () => {
    setOpen(false);
    fn();
  };
  return (
    <span className="resume-menu" ref={box}>
      <button
        className={buttonClass}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {buttonText}
      </button>
      {open && (
        <div className="menu resume-menu-list" role="menu">
          {withRestart && canRestart(s) && (
            <button role="menuitem" onClick={pick(() => void restart(s, false))}>
              Restart (continue the conversation)
            </button>
          )}
          {canRestart(s) && (
            <button role="menuitem" onClick={pick(() => void restart(s, true))}>
              Restart fresh (new conversation)
            </button>
          )}
          {canFork(s) && (
            <button role="menuitem" onClick={pick(() => setForking(true))}>
              Fork session…
            </button>
          )}
        </div>
      )}
      {forking && <ForkDialog session={s} onClose={() => setForking(false)} />}
    </span>
  );
}

/** The session header's menu. */
export function SessionHeaderActions({ session }: { session: SessionInfo }) {
  return (
    <ResumeMenu
      session={session}
      label="Restart or fork the session"
      buttonClass="button"
      buttonText="Session ▾"
      withRestart
    />
  );
}

/** The sidebar row's "⋯" (its ↻ button is the plain restart). */
export function SessionRowMore({ session }: { session: SessionInfo }) {
  return (
    <ResumeMenu
      session={session}
      label={`More actions for ${session.name}`}
      buttonClass="icon-button"
      buttonText="⋯"
      withRestart={false}
    />
  );
}
