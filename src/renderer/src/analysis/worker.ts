/**
 * The analysis worker: a Web Worker (started by ./client.ts) that runs the CSN bootstrap, the
 * likelihood-ratio tests and the repeated networks off the page's thread. It only wires the
 * message handler of ./jobs.ts to the worker's messages, and says `ready` once it listens.
 */
import { createAnalysisHandler } from './jobs';
import type { AnalysisReply, AnalysisRequest } from './protocol';

/** The part of a dedicated worker's global scope used here (the page's DOM typings do not name it). */
interface WorkerScope {
  postMessage(message: AnalysisReply): void;
  addEventListener(type: 'message', listener: (e: { data: AnalysisRequest }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const handle = createAnalysisHandler((reply) => scope.postMessage(reply));
scope.addEventListener('message', (e) => void handle(e.data));
scope.postMessage({ type: 'ready' });
