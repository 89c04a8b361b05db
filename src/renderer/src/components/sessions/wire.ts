/**
 * Connects the sessions, terminals and commits stores to the contract's events, and gives the
 * menu commands (New Session, New Terminal, Close Tab, Find in Terminal, Review Changes) their meaning. Called once by App.
 */
import type { Api } from '../../../../shared/contract';
import { registerCommand, startOpenFolder } from '../../actions';
import { useCommits } from '../../stores/commits';
import { wireGitState } from '../../stores/git-state';
import { useSessions } from '../../stores/sessions';
import { listenForStarts } from '../../stores/start-progress';
import { folderTab } from '../../stores/tabs';
import { useTerminals } from '../../stores/terminals';
import { useUi } from '../../stores/ui';
import { openTerminalSearch } from '../terminal/active-search';
import { closeActiveTab } from './close-tab';
import { activeSession, openSession } from './navigate';
import { useSessionViews } from '../../stores/session-views';
import { toastError, useToasts } from '../../stores/toasts';

async function announceImport(sessionId: string, branch: string, hashes: string[]) {
  const reviewing = useSessionViews.getState().views[sessionId]?.kind === 'review';
  const visible = reviewing && activeSession()?.id === sessionId;
  const n = await useCommits
    .getState()
    .imported(sessionId, hashes, visible)
    .catch(() => 0);
  if (visible || n === 0) return;
  const s = useSessions.getState().sessions[sessionId];
  // One toast per session, counting everything not yet looked at.
  const unseen = Math.max(n, useCommits.getState().unseen[sessionId] ?? 0);
  useToasts.getState().show({
    tone: 'info',
    key: `commits:${sessionId}`,
    text: `${unseen} new commit${unseen === 1 ? '' : 's'} on ${branch}${s ? ` (${s.name})` : ''}`,
    ...(s
      ? {
          action: {
            label: 'Review',
            run: () => {
              openSession(s);
              useSessionViews.getState().show(s.id, { kind: 'review' });
            },
          },
        }
      : {}),
  });
}

export function wireSessions(client: Api): () => void {
  const sessions = useSessions.getState();
  const toast = useToasts.getState().show;
  const offs = [
    client.onSessionStatus((info) => useSessions.getState().applyStatus(info)),
    // Every start's progress and output (sidebar, session panel, this window's start screen).
    listenForStarts(client),
    // The session list's git badges (ahead/behind, merged, pushed, PR).
    wireGitState(client),
    client.onSessionLog((l) => {
      // Outside a start of this window, only the app's own notes matter (e.g. the agent could
      // not restart); a start's output shows on its start screen instead.
      const s = useSessions.getState().sessions[l.sessionId];
      const shown = sessions.startOf(l.sessionId)?.busy === true;
      if (!shown && l.stream === 'system' && s?.status === 'running') {
        const name = s.name;
        toast({ tone: 'info', text: `${name}: ${l.text.trim().slice(0, 500)}` });
      }
    }),
    client.onSessionAttention((a) => sessions.applyAttention(a.sessionId, a.state, a.reason)),
    client.onTerminalsChanged((t) => useTerminals.getState().apply(t.sessionId, t.terminals)),
    client.onCommitImported((c) => void announceImport(c.sessionId, c.branch, c.commits)),
    client.onBranchRewritten((r) => {
      useCommits.getState().rewritten(r);
      if (!r.accepted)
        toast({
          tone: 'bad',
          key: `rewrite:${r.sessionId}`,
          text: `The agent rewrote ${r.branch}: review and accept it to update the host branch`,
        });
    }),
    client.onCommitError((e) => {
      const show = () =>
        toastError(`Commit ${e.step} failed`, { message: e.message, hint: e.hint });
      if (e.step !== 'watch') return show();
      // Stopping a session ends its watcher too: only a watcher lost while it still runs matters.
      setTimeout(() => {
        if (useSessions.getState().sessions[e.sessionId]?.status === 'running') show();
      }, 2000);
    }),
    client.onPushed((p) =>
      toast({
        tone: 'ok',
        key: `push:${p.sessionId}`,
        text: `Pushed ${p.branch} to ${p.remote}${p.automatic ? ' (auto)' : ''}`,
      }),
    ),
    client.onPrCreated((p) =>
      toast(
        {
          tone: 'ok',
          key: `pr:${p.sessionId}`,
          text: `Pull request ${p.created ? 'created' : 'found'}: ${p.url}`,
        },
        15_000,
      ),
    ),
    registerCommand('newSession', () => {
      const tab = useUi.getState().tabs.find((t) => t.id === useUi.getState().activeTab);
      if (tab?.kind === 'folder') return;
      const s = activeSession();
      if (s) {
        useUi.getState().openTab(folderTab(s.folder));
        return;
      }
      void startOpenFolder();
    }),
    registerCommand('newTerminal', async () => {
      const s = activeSession();
      if (!s) return;
      useSessionViews.getState().show(s.id, { kind: 'terminal' });
      await useTerminals
        .getState()
        .open(s.id, 'container')
        .catch((e: unknown) => toastError('No new terminal', e));
    }),
    registerCommand('closeTab', closeActiveTab),
    registerCommand('findInTerminal', () => {
      if (!openTerminalSearch())
        toast({ tone: 'info', key: 'find', text: 'Find in Terminal: no terminal is shown.' });
    }),
    registerCommand('reviewChanges', () => {
      const s = activeSession();
      if (s) useSessionViews.getState().show(s.id, { kind: 'review' });
    }),
  ];
  const storeProblem = (p: { movedTo: string; message: string }) =>
    toast(
      {
        tone: 'bad',
        key: 'store-problem',
        text: `The session list could not be read (${p.message}); it was kept aside at ${p.movedTo}.`,
      },
      30_000,
    );
  offs.push(client.onSessionStoreProblem(storeProblem));
  void sessions.load().then(
    (problem) => problem && storeProblem(problem),
    (e: unknown) => toastError('Cannot list sessions', e),
  );
  return () => offs.forEach((off) => off());
}
