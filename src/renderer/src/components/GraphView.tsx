/**
 * The cytoscape canvas. Mounted once; from then on it follows the store through a zustand
 * `subscribe` (no React re-render per batch) and the transient bus (gossip flashes).
 */
import { screenDelay } from '../metrics';
import { useEffect, useRef } from 'react';
import { getApi } from '../api';
import { GraphController } from '../graph/controller';
import { setGraph } from '../graph/handle';
import { setLayoutProgress } from '../graph/progress';
import { useLabStore } from '../store';
import { subscribeTransient } from '../store/transient';

/** The graph container (`data-testid="graph"`); owns the cytoscape instance while mounted. */
export function GraphView() {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const graph = new GraphController(el);
    setGraph(graph);
    // `cy` is a getter: the controller makes a new instance when it switches to WebGL and back
    window.__gossipLab = {
      ...window.__gossipLab,
      get cy() {
        return graph.cy;
      },
      store: useLabStore,
      api: getApi(),
      metrics: screenDelay,
      layoutBusy: () => graph.layoutBusy,
    };
    graph.onLayoutProgress(setLayoutProgress);
    graph.onSelect((id) => useLabStore.getState().selectNode(id));
    graph.onTarget({ node: (id) => useLabStore.getState().toggleTarget(id), link: (a, b) => useLabStore.getState().setLinkTarget(a < b ? { a, b } : { a: b, b: a }) });

    const first = useLabStore.getState();
    graph.sync(first.nodes, first.links);
    graph.setSelected(first.selectedNode);
    graph.decorate(first);
    const unsubscribeStore = useLabStore.subscribe((s, prev) => {
      if (s.nodes !== prev.nodes || s.links !== prev.links) graph.sync(s.nodes, s.links);
      if (s.suspicions !== prev.suspicions || s.faults !== prev.faults || s.targets !== prev.targets) graph.decorate(s);
      if (s.selectedNode !== prev.selectedNode) graph.setSelected(s.selectedNode);
    });
    const unsubscribeBus = subscribeTransient((events) => graph.animate(events));
    const resize = new ResizeObserver(() => graph.cy.resize());
    resize.observe(el);

    return () => {
      resize.disconnect();
      unsubscribeBus();
      unsubscribeStore();
      setGraph(null);
      setLayoutProgress(null);
      window.__gossipLab = { ...window.__gossipLab, cy: null, store: useLabStore, api: getApi(), metrics: screenDelay, layoutBusy: undefined };
      graph.destroy();
    };
  }, []);

  return <div className="graph-canvas" ref={ref} data-testid="graph" aria-label="network graph" />;
}
