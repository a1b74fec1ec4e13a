// Toasts hold message keys, not text, so that a toast already on screen follows a language switch.
import { getContext, setContext } from 'svelte';

export type ToastKind = 'success' | 'error' | 'info';
export interface Toast {
  id: number;
  kind: ToastKind;
  key: string;
  values?: Record<string, string | number>;
  /** A second sentence, e.g. the translated API error code under "Could not save". */
  detailKey?: string;
  detailValues?: Record<string, string | number>;
}

const CONTEXT = Symbol('toasts');
const DURATION_MS: Record<ToastKind, number> = { success: 4000, info: 5000, error: 8000 };

export class ToastManager {
  items = $state<Toast[]>([]);
  #nextId = 1;

  show(toast: Omit<Toast, 'id'>): number {
    const id = this.#nextId++;
    // On a phone more than three toasts would hide the page: the oldest goes first.
    this.items = [...this.items, { ...toast, id }].slice(-3);
    setTimeout(() => this.dismiss(id), DURATION_MS[toast.kind]);
    return id;
  }
  success(key: string, values?: Record<string, string | number>) {
    return this.show({ kind: 'success', key, values });
  }
  info(key: string, values?: Record<string, string | number>) {
    return this.show({ kind: 'info', key, values });
  }
  dismiss(id: number) {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

export function provideToasts(manager = new ToastManager()): ToastManager {
  return setContext(CONTEXT, manager);
}
export function useToasts(): ToastManager {
  return getContext<ToastManager>(CONTEXT);
}
