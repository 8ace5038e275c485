/**
 * What the renderer adds on top of the contract's {@link LabApi}: a connection state and a way to
 * hear about a fresh snapshot after the transport reconnected.
 */
import type { LabApi, Snapshot } from '../../../shared/types';

/** State of the link to the host: `open` (commands flow), `connecting` (first try or a retry), `lost` (down, retrying). */
export type ConnectionState = 'connecting' | 'open' | 'lost';

/** A {@link LabApi} that may also report its connection and resynchronise after a reconnect. */
export interface RendererApi extends LabApi {
  /** Calls `listener` now with the current state and on every change, until `signal` aborts. */
  onConnection(listener: (state: ConnectionState) => void, options?: { signal?: AbortSignal }): void;
  /** Calls `listener` with the `snapshot` result fetched after each reconnect, until `signal` aborts. */
  onResync(listener: (snapshot: Snapshot) => void, options?: { signal?: AbortSignal }): void;
}
