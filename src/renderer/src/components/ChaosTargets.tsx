/**
 * The chaos panel's targets: nodes shift-clicked in the graph (or added from the inspector's
 * selection) or one link clicked; each can be dropped again.
 */
import { useShallow } from 'zustand/react/shallow';
import { useLabStore } from '../store';

/** The target chips, with Add selected node and Clear. */
export function ChaosTargets() {
  const { targets, selected } = useLabStore(useShallow((s) => ({ targets: s.targets, selected: s.selectedNode })));
  const { toggleTarget, setLinkTarget, clearTargets } = useLabStore.getState();
  const none = targets.nodes.length === 0 && targets.link === null;
  return (
    <div className="control">
      <div className="chips" data-testid="chaos-targets" aria-label="chaos targets">
        {none && <span className="muted small">No target: shift-click nodes or click a link in the graph, or add the selected node.</span>}
        {targets.nodes.map((id) => (
          <button type="button" key={id} className="chip" data-testid="chaos-target" title="remove from the targets" onClick={() => toggleTarget(id)}>
            {id} ×
          </button>
        ))}
        {targets.link !== null && (
          <button type="button" className="chip" data-testid="chaos-target" title="remove the link target" onClick={() => setLinkTarget(null)}>
            {targets.link.a} ↔ {targets.link.b} ×
          </button>
        )}
      </div>
      <div className="row">
        <button
          type="button"
          className="btn small"
          data-testid="chaos-add-selected"
          disabled={selected === null || targets.nodes.includes(selected)}
          onClick={() => selected !== null && toggleTarget(selected)}
        >
          Add selected node
        </button>
        <button type="button" className="btn small ghost" data-testid="chaos-clear-targets" disabled={none} onClick={clearTargets}>
          Clear targets
        </button>
      </div>
    </div>
  );
}
