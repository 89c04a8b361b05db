/** Short-lived notices in the corner (new commits, push results, errors of background calls). */
import { create } from 'zustand';

export interface Toast {
  id: number;
  tone: 'info' | 'ok' | 'bad';
  text: string;
  action?: { label: string; run: () => void };
}

interface ToastStore {
  toasts: Toast[];
  show(t: Omit<Toast, 'id'>, ms?: number): void;
  dismiss(id: number): void;
}

let next = 1;
const MAX = 4;

export const useToasts = create<ToastStore>((set, get) => ({
  toasts: [],
  show: (t, ms = 8000) => {
    const id = next++;
    set((s) => ({ toasts: [...s.toasts, { ...t, id }].slice(-MAX) }));
    setTimeout(() => get().dismiss(id), ms);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export function toastError(prefix: string, err: unknown): void {
  const e = err as { message?: unknown; hint?: unknown };
  const msg = typeof e?.message === 'string' ? e.message : 'something went wrong';
  const hint = typeof e?.hint === 'string' ? ` ${e.hint}` : '';
  useToasts.getState().show({ tone: 'bad', text: `${prefix}: ${msg}.${hint}` }, 12_000);
}
