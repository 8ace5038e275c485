/**
 * Gossip over one real link, driven frame by frame from a raw socket: the Message List key is
 * checked on first receipt, copies are dropped, and a first receipt is forwarded once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../src/core/events';
import { NetworkHost } from '../../src/core/host/network';
import { messageId } from '../../src/core/peer/messageList';
import type { PeerNode } from '../../src/core/peer/peerNode';
import { RawClient } from '../helpers/rawClient';
import { waitFor } from '../helpers/waitFor';

describe('gossip at one peer', () => {
  let net: NetworkHost;
  let client: RawClient | undefined;
  afterEach(async () => {
    client?.destroy();
    await net.stopAll();
  });

  it('refuses a frame whose id is not the hash of its text, takes the first copy, drops the rest', async () => {
    net = new NetworkHost({ randomSeed: 2, timing: { gossipCount: 0, livenessIntervalMs: 60_000 } });
    const events: NodeEvent[] = [];
    net.on((e) => events.push(e));
    await net.addSeed();
    await net.addPeers(2);
    const [peer, other] = net.peers() as [PeerNode, PeerNode];
    client = await RawClient.connect(peer.addr.port);
    const me = { host: '127.0.0.1', port: 4999 };
    expect(await client.request({ v: 1, type: 'peer-hello', rid: 1, from: me })).toMatchObject({ type: 'peer-accept', rid: 1 });
    const before = peer.messageList.size;
    const text = '1700000000000:127.0.0.1:4999:1';
    const gossip = { v: 1, type: 'gossip', text, origin: me, seq: 1, createdAt: 1700000000000, hops: 0 };

    await client.send({ ...gossip, id: messageId('something else') });
    expect(await client.nextFrame()).toMatchObject({ type: 'error', code: 'bad-message' });
    expect(peer.messageList.size).toBe(before);

    await client.send({ ...gossip, id: messageId(text) });
    await client.send({ ...gossip, id: messageId(text) }); // a copy, parsed and dropped
    await client.send({ v: 1, type: 'gossip', id: messageId(text), text, origin: me, seq: 1, createdAt: 1700000000000, hops: 0 }); // a copy in our own key order: dropped unparsed
    await waitFor(() => peer.duplicatesDropped === 2, { what: 'both copies to be dropped' });
    expect(peer.messageList.size).toBe(before + 1);
    expect(events.find((e) => e.type === 'gossip-received' && e.node === peer.id)).toMatchObject({ from: '127.0.0.1:4999', forwarded: 1 });
    // forwarded once to the other peer, never back to the sender
    await waitFor(() => other.messageList.has(messageId(text)), { what: 'the other peer to get it' });
    const firsts = events.filter((e) => e.type === 'gossip-received' && e.id === messageId(text));
    expect(firsts.map((e) => [e.node, (e as { hops: number }).hops])).toEqual([
      [peer.id, 1],
      [other.id, 2],
    ]);
  });
});
