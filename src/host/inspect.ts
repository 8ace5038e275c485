/**
 * Read-only views for the inspector: one node's details and one message's spread (the degree
 * table of the exports is ./degreeScope.ts). Each reads what the runtime answered and the UI model; none
 * changes them.
 */
import type { RuntimeNodeDetails } from '../core/runtime/runtime';
import type { CommandResults, NodeDetails } from '../shared/types';
import type { MessageLog } from './messageLog';
import { MESSAGE_HISTORY } from './messageLog';
import type { NeighboursAnswer } from '../core/runtime/probe';
import type { TopologyModel } from './topology';

/**
 * The inspector's view of node `id`: for a local node, what the node itself knows (`live`: its
 * neighbours, seeds, Message List size, liveness misses, from the runtime that runs it); for a
 * remote one, its last answer to the observer; for a local node its runtime no longer has (its
 * shard crashed), what the model knows.
 * @throws Error `no node <id> in this network` when the model does not have it
 */
export function nodeDetails(id: string, model: TopologyModel, live: RuntimeNodeDetails | undefined, remoteAnswers: ReadonlyMap<string, NeighboursAnswer>): NodeDetails {
  const n = model.node(id);
  if (!n) throw new Error(`no node ${id} in this network`);
  const base = { id, role: n.role, origin: n.origin, life: n.life, degree: n.degree, detector: null, suspects: [] };
  if (live?.role === 'peer') {
    return {
      ...base,
      detector: live.detector ?? null,
      suspects: live.running ? (live.suspects ?? []) : [],
      neighbours: live.running ? live.neighbours : model.linkedTo(id),
      seeds: live.seeds ?? [],
      messagesSeen: live.messages ?? null,
      livenessMisses: live.running ? live.livenessMisses : {},
    };
  }
  if (live?.role === 'seed') return { ...base, neighbours: [], seeds: live.neighbours, messagesSeen: null, livenessMisses: {} };
  if (n.role === 'seed') return { ...base, neighbours: [], seeds: model.seedListOf(id), messagesSeen: null, livenessMisses: {} };
  const answer = remoteAnswers.get(id);
  return {
    ...base,
    neighbours: answer?.neighbours ?? (n.origin === 'local' ? model.linkedTo(id) : model.listOf(id)),
    seeds: answer?.seeds ?? model.seedsListing(id),
    messagesSeen: null,
    livenessMisses: {},
  };
}

/**
 * Every first receipt of message `id`, for replaying its spread.
 * @throws Error when the message is unknown or no longer kept (older than the most recent {@link MESSAGE_HISTORY})
 */
export function messageSpread(id: string, messages: MessageLog): CommandResults['messageSpread'] {
  const m = messages.get(id);
  const receipts = messages.receipts(id);
  if (!m || !receipts) {
    throw new Error(`no receipts kept for message ${id.slice(0, 12)}…: it is unknown here or older than the ${MESSAGE_HISTORY} most recent messages`);
  }
  return { id, origin: m.origin, text: m.text, receipts };
}
