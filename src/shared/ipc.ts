/**
 * The Electron IPC channel names, in a module of their own with no imports, so the sandboxed
 * preload can use them without bundling the contract's validation (zod, node:net). The contract
 * re-exports them: import them from `shared/contract` everywhere else.
 */

/** IPC channel names (Electron) — one place, like electron/fiddle's ipc-events. */
export const IPC = {
  /** renderer → main, invoke: run a command; answers a `CommandReply`. */
  command: 'lab:command',
  /** main → renderer: a batch of `UiEvent`s (at most one every `BATCH_INTERVAL_MS`). */
  events: 'lab:events',
  /** renderer → main: the renderer is listening; queued batches may flow. */
  ready: 'lab:ready',
} as const;
