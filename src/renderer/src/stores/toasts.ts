/** Short-lived notices in the corner (new commits, push results, errors of background calls). */
import { create } from 'zustand';

export interface Toast {
  id: number;
  tone: 'info' | 'ok' | 'bad';
  text: string;
  action?: { label: string; run: () => void };
  /** A later toast with the same key replaces this one (e.g. commits of one session). */
  key?: string;
}

interface ToastStore {
  toasts: Toast[];
  show(t: Omit<Toast, 'id'>, ms?: number): void;
  dismiss(id: number): void;
  dismissKey(key: string): void;
}

let next = 1;
const MAX = 4;

export const useToasts = create<ToastStore>((set, get) => ({
  toasts: [],
  show: (t, ms = 8000) => {
    const id = next++;
    set((s) => ({
      toasts: [...s.toasts.filter((o) => !t.key || o.key !== t.key), { ...t, id }].slice(-MAX),
    }));
    setTimeout(() => get().dismiss(id), ms);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  dismissKey: (key) => set((s) => ({ toasts: s.toasts.filter((t) => t.key !== key) })),
}));

export function toastError(prefix: string, err: unknown): void {
  const e = err as { message?: unknown; hint?: unknown };
  const msg = typeof e?.message === 'string' ? e.message : 'something went wrong';
  const hint = typeof e?.hint === 'string' ? ` ${e.hint}` : '';
  useToasts.getState().show({ tone: 'bad', text: `${prefix}: ${msg}.${hint}` }, 12_000);
}
