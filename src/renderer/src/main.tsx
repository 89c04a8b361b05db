import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { setApi } from './api-context';
import { bootClient } from './boot/client';
import { useConnection } from './stores/connection';
import './styles/base.css';

const boot = bootClient((state, retryMs) => useConnection.getState().set({ state, retryMs }));
useConnection.getState().set({
  mode: boot.mode,
  state: boot.mode === 'electron' ? 'open' : useConnection.getState().state,
  problem: 'problem' in boot ? boot.problem : null,
});
if (boot.api) setApi(boot.api);

// A new link opened in this tab (the server restarted with a new token) changes only the
// fragment, which loads nothing: load the page again so the boot takes the link's token.
if (boot.mode === 'web') {
  window.addEventListener('hashchange', () => {
    if (/(?:^#|&)token=/.test(window.location.hash)) window.location.reload();
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App connected={boot.api !== null} />
  </StrictMode>,
);
