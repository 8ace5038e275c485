/** Search by address, Fit and Re-layout, floating over the graph; a background layout's progress and Cancel. */
import { useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { getGraph } from '../graph/handle';
import { getLayoutProgress, subscribeLayoutProgress } from '../graph/progress';
import { useLabStore } from '../store';

/** Looks up `text` in the graph; selects and centres the match. @returns whether one matched */
function findAndCenter(text: string): boolean {
  const graph = getGraph();
  if (graph === null) return false;
  const id = graph.find(text);
  if (id === null) return false;
  useLabStore.getState().selectNode(id);
  graph.center(id);
  return true;
}

/** "Laying out 1,000 nodes… 42 %" with a progress bar and Cancel, while a background layout runs. */
function LayoutProgressView() {
  const progress = useSyncExternalStore(subscribeLayoutProgress, getLayoutProgress);
  if (progress === null) return null;
  const pct = Math.round(progress.fraction * 100);
  return (
    <div className="layout-progress" data-testid="layout-progress" role="status">
      <span>
        Laying out {progress.nodes.toLocaleString('en-US')} nodes… {pct} %
      </span>
      <progress max={100} value={pct} aria-label="layout progress" />
      <button type="button" className="btn small ghost" data-testid="layout-cancel" onClick={() => getGraph()?.cancelLayout()} title="Stop the layout; the graph keeps its current positions">
        Cancel
      </button>
    </div>
  );
}

/** The graph's toolbar. */
export function GraphToolbar() {
  const [query, setQuery] = useState('');
  const [miss, setMiss] = useState(false);

  const search = (text: string): void => {
    setMiss(text.trim() !== '' && !findAndCenter(text));
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') search(query);
    if (e.key === 'Escape') {
      setQuery('');
      setMiss(false);
    }
  };

  return (
    <div className="graph-toolbar">
      <div className="search">
        <input
          type="search"
          placeholder="Find address, e.g. 127.0.0.1:40001"
          value={query}
          data-testid="search"
          aria-invalid={miss}
          spellCheck={false}
          onChange={(e) => {
            setQuery(e.target.value);
            search(e.target.value);
          }}
          onKeyDown={onKey}
        />
        {miss && (
          <span className="search-miss" role="status">
            no node matches
          </span>
        )}
      </div>
      <button type="button" className="btn small" data-testid="fit-view" onClick={() => getGraph()?.fit()} title="Fit the whole graph in view">
        Fit
      </button>
      <button type="button" className="btn small ghost" data-testid="relayout" onClick={() => getGraph()?.relayout()} title="Lay out the whole graph again">
        Re-layout
      </button>
      <LayoutProgressView />
    </div>
  );
}
