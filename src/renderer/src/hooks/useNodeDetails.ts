/**
 * Polls `inspectNode` for one node: at once, then every second while `id` stays the same. During
 * a replay, the details come from the replayed graph at the cursor instead (no polling).
 */
import { useEffect, useMemo, useState } from 'react';
import type { NodeDetails } from '../../../shared/types';
import { getApi } from '../api';
import { replayedDetails } from '../recording/inspect';
import { useReplayStore } from '../recording/replayStore';
import { useLabStore } from '../store';

/** Refresh period of the inspector, ms. */
export const INSPECT_PERIOD_MS = 1000;

/** The latest details of a node, or the host's error when it cannot be inspected. */
export interface NodeDetailsState {
  details: NodeDetails | null;
  error: string | null;
}

/** Details of node `id` (null = nothing selected), refreshed every {@link INSPECT_PERIOD_MS}. */
export function useNodeDetails(id: string | null): NodeDetailsState {
  const [state, setState] = useState<NodeDetailsState & { id: string | null }>({ id: null, details: null, error: null });
  const replaying = useReplayStore((s) => s.status === 'open');
  const nodes = useLabStore((s) => (replaying ? s.nodes : null));
  const links = useLabStore((s) => (replaying ? s.links : null));
  const replayed = useMemo(() => (id !== null && nodes && links ? replayedDetails(id, nodes, links) : null), [id, nodes, links]);

  useEffect(() => {
    if (id === null || replaying) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async (): Promise<void> => {
      const reply = await getApi().command('inspectNode', { id });
      if (stopped) return;
      setState(reply.ok ? { id, details: reply.result, error: null } : { id, details: null, error: reply.error });
      timer = setTimeout(() => void poll(), INSPECT_PERIOD_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    };
  }, [id, replaying]);

  if (replaying) return id === null ? { details: null, error: null } : { details: replayed, error: replayed ? null : 'not in the recording at this instant' };
  // Details of a previously selected node are never shown for a new one.
  return state.id === id ? { details: state.details, error: state.error } : { details: null, error: null };
}
