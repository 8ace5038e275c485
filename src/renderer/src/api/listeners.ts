/** A tiny listener set with AbortSignal-based removal (the fiddle preload's `{ signal }` style). */

/** A set of listeners of one argument type. */
export class ListenerSet<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Adds `listener` until `signal` aborts (forever without a signal). */
  add(listener: (value: T) => void, signal?: AbortSignal): void {
    if (signal?.aborted) return;
    this.listeners.add(listener);
    signal?.addEventListener('abort', () => this.listeners.delete(listener), { once: true });
  }

  /** Calls every listener with `value`; a throwing listener is logged and does not stop the others. */
  emit(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (err) {
        console.error('listener failed', err);
      }
    }
  }
}
