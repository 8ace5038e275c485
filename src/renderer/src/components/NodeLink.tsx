/** A node address that selects and centres that node when clicked. */
import { getGraph } from '../graph/handle';
import { useLabStore } from '../store';

/** Selects node `id` in the store and centres the graph on it. */
export function focusNode(id: string): void {
  useLabStore.getState().selectNode(id);
  getGraph()?.center(id);
}

/** A clickable address chip. */
export function NodeLink({ id, extra }: { id: string; extra?: string }) {
  return (
    <button type="button" className="chip" onClick={() => focusNode(id)} title={`Show ${id}`}>
      {id}
      {extra !== undefined && <span className="chip-extra">{extra}</span>}
    </button>
  );
}
