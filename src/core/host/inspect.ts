/**
 * Read-only views for the inspector and the exports: one node's details, one message's spread,
 * and the live peers' degree table. Each reads the network and the UI model; none changes them.
 */
import { PeerNode } from '../peer/peerNode';
import { addrKey } from '../protocol/addr';
import { SeedNode } from '../seed/seedNode';
import type { CommandResults, NodeDetails } from '../../shared/contract';
import type { MessageLog } from './messageLog';
import { MESSAGE_HISTORY } from './messageLog';
import type { NetworkHost } from './network';
import type { NeighboursAnswer } from './probe';
import type { TopologyModel } from './topology';

/**
 * The inspector's view of node `id`: for a local node, what the node itself knows (neighbours,
 * seeds, Message List size, liveness misses); for a remote one, its last answer to the observer.
 * @throws Error `no node <id> in this network` when the model does not have it
 */
export function nodeDetails(id: string, model: TopologyModel, network: NetworkHost, remoteAnswers: ReadonlyMap<string, NeighboursAnswer>): NodeDetails {
  const n = model.node(id);
  if (!n) throw new Error(`no node ${id} in this network`);
  const base = { id, role: n.role, origin: n.origin, life: n.life, degree: n.degree };
  const hosted = network.get(id);
  if (hosted instanceof PeerNode) {
    return {
      ...base,
      neighbours: hosted.running ? hosted.neighbours() : model.linkedTo(id),
      seeds: hosted.seeds().map(addrKey),
      messagesSeen: hosted.messageList.size,
      livenessMisses: hosted.running ? hosted.livenessMisses() : {},
    };
  }
  if (hosted instanceof SeedNode) {
    return { ...base, neighbours: [], seeds: hosted.peers().map(addrKey), messagesSeen: null, livenessMisses: {} };
  }
  if (n.role === 'seed') return { ...base, neighbours: [], seeds: model.seedListOf(id), messagesSeen: null, livenessMisses: {} };
  const answer = remoteAnswers.get(id);
  return {
    ...base,
    neighbours: answer?.neighbours ?? model.listOf(id),
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

/** The live local peers with their degrees, in the order of {@link NetworkHost.degrees}. */
export function degreeRows(network: NetworkHost): Array<[string, number]> {
  const ids = network.peers().map((p) => p.id);
  const degrees = network.degrees();
  return ids.map((id, i) => [id, degrees[i] ?? 0]);
}
