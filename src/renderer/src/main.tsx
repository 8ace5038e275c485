/** Renderer entry: starts the host sync, exposes the debug handle, and mounts the app. */
import { screenDelay } from './metrics';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './charts/setup';
import { getApi } from './api';
import { App } from './components/App';
import { useLabStore } from './store';
import { useReplayStore } from './recording/replayStore';
import { startSync } from './store/sync';
import { feedLiveBatch, feedLiveSnapshot } from './plots/source';
import './styles.css';

const api = getApi();
window.__gossipLab = { cy: null, store: useLabStore, api, metrics: screenDelay, replay: useReplayStore };
startSync(api, useLabStore, {
  afterBatch: (batch) => {
    screenDelay.observe(batch);
    feedLiveBatch(batch); // the live plots over time, stamped now
  },
  afterSnapshot: (snapshot) => feedLiveSnapshot(snapshot),
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
