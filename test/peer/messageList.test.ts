/** The Message List's hash set: membership by id string and by raw frame bytes, growth, bad ids. */
import { describe, expect, it } from 'vitest';
import { GOSSIP_PREFIX } from '../../src/core/peer/gossip';
import { MessageList, messageId } from '../../src/core/peer/messageList';
import { encodeMessage } from '../../src/core/protocol/codec';

describe('MessageList', () => {
  it('holds 20,000 ids through many grow steps, answers has() exactly, and refuses a second add', () => {
    const ml = new MessageList();
    const ids = Array.from({ length: 20_000 }, (_, i) => messageId(`1700000000000:127.0.0.1:${4000 + (i % 97)}:${i}`));
    for (const id of ids) expect(ml.add(id)).toBe(true);
    expect(ml.size).toBe(20_000);
    expect(ml.bytes).toBeLessThanOrEqual(32_768 * 8); // ≤ 3/4 full: 32,768 slots of 8 bytes
    for (const id of ids) expect(ml.has(id)).toBe(true);
    expect(ml.add(ids[123]!)).toBe(false);
    expect(ml.size).toBe(20_000);
    for (let i = 0; i < 1000; i++) expect(ml.has(messageId(`absent ${i}`))).toBe(false);
  });

  it('finds an id inside a frame payload encoded by this protocol, upper-case hex included', () => {
    const ml = new MessageList();
    const id = messageId('x');
    ml.add(id);
    const payload = encodeMessage({ type: 'gossip', id, text: 'x', origin: { host: '127.0.0.1', port: 1 }, seq: 1, createdAt: 1, hops: 0 });
    expect(payload.subarray(0, GOSSIP_PREFIX.length).equals(GOSSIP_PREFIX)).toBe(true);
    expect(ml.hasBytes(payload, GOSSIP_PREFIX.length)).toBe(true);
    expect(ml.hasBytes(Buffer.from(id.toUpperCase()), 0)).toBe(true);
    expect(ml.hasBytes(Buffer.from(messageId('y')), 0)).toBe(false);
    expect(ml.hasBytes(Buffer.from('zz'), 0)).toBe(false);
  });

  it('answers false for malformed ids and refuses to add them', () => {
    const ml = new MessageList();
    expect(ml.has('')).toBe(false);
    expect(ml.has('not hex at all, not at all')).toBe(false);
    expect(() => ml.add('12345')).toThrow(/not a message id/);
    expect(ml.size).toBe(0);
  });
});
