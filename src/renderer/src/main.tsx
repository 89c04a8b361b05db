import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { setApi } from './api-context';
import { bootClient } from './boot/client';
import { useConnection } from './stores/connection';
import './styles/base.css';

void bootClient((state, retryMs) => useConnection.getState().set({ state, retryMs })).then(
  (boot) => {
    useConnection.getState().set({
      mode: boot.mode,
      state: boot.mode === 'electron' ? 'open' : useConnection.getState().state,
      problem: 'problem' in boot ? boot.problem : null,
    });
    if (boot.api) setApi(boot.api);
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App connected={boot.api !== null} />
      </StrictMode>,
    );
  },
);
