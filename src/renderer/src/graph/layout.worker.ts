/**
 * The layout worker: receives a {@link LayoutInput}, runs the degree-aware fcose layout on it
 * (./background.ts computeLayout) and posts its progress, then the new positions.
 */
import { computeLayout, type LayoutInput, type WorkerReply } from './background';

const post = (reply: WorkerReply): void => self.postMessage(reply);

self.onmessage = (e: MessageEvent<LayoutInput>) => {
  try {
    const positions = computeLayout(e.data, (fraction) => post({ kind: 'progress', fraction }));
    post({ kind: 'done', positions });
  } catch (err) {
    post({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
