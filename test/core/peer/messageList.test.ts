/** The Message List's hash set: membership by id string and by raw frame bytes, growth, bad ids. */
import { describe, expect, it } from 'vitest';
import { GOSSIP_PREFIX } from '../../../src/core/peer/gossip';
import { MessageList, messageId } from '../../../src/core/peer/messageList';
import { encodeMessage } from '../../../src/core/protocol/codec';

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

describe('MessageList with a lifetime (the seen-cache TTL)', () => {
  const G = 1_000;
  /** A list on a clock the test moves by hand. */
  function timed(opts: { maxEntries?: number; onFull?: (n: number) => void } = {}): { ml: MessageList; clock: { t: number } } {
    const clock = { t: 1_700_000_000_000 };
    return { ml: new MessageList({ lifetimeMs: G, now: () => clock.t, ...opts }), clock };
  }

  it('keeps every entry at least G, whenever in a period it was added, and forgets it before 1.5 G', () => {
    const { ml, clock } = timed();
    const start = clock.t;
    // one entry every 50 ms over three periods (P = G/2): each lands at a different point of a generation
    const added: Array<{ id: string; at: number }> = [];
    for (let i = 0; i < 30; i++) {
      clock.t = start + i * 50;
      const id = messageId(`m${i}`);
      ml.add(id);
      added.push({ id, at: clock.t });
    }
    for (let t = start; t <= start + 30 * 50 + 2 * G; t += 10) {
      clock.t = t;
      for (const e of added) {
        const age = t - e.at;
        if (age < 0) continue;
        if (age <= G) expect(ml.has(e.id), `age ${age}`).toBe(true);
        if (age >= 1.5 * G) expect(ml.has(e.id), `age ${age}`).toBe(false);
      }
    }
    expect(ml.size).toBe(0);
  });

  it('the frame check (hasBytes) expires with the list too', () => {
    const { ml, clock } = timed();
    const id = messageId('x');
    ml.add(id);
    clock.t += G;
    expect(ml.hasBytes(Buffer.from(id), 0)).toBe(true);
    clock.t += G / 2;
    expect(ml.hasBytes(Buffer.from(id), 0)).toBe(false);
    expect(ml.add(id)).toBe(true); // known again, from now
  });

  it('a long silence (many periods at once) empties it; a clock that goes back changes nothing', () => {
    const { ml, clock } = timed();
    ml.add(messageId('a'));
    clock.t -= 10 * G;
    expect(ml.has(messageId('a'))).toBe(true);
    clock.t += 10 * G + 100 * G;
    expect(ml.has(messageId('a'))).toBe(false);
    expect(ml.size).toBe(0);
    ml.add(messageId('b'));
    clock.t += G;
    expect(ml.has(messageId('b'))).toBe(true);
  });

  it('holds at most maxEntries: the newest generation at ⌈cap/3⌉ rotates early, and says so', () => {
    const full: number[] = [];
    const { ml } = timed({ maxEntries: 300, onFull: (n) => full.push(n) });
    const ids = Array.from({ length: 1_000 }, (_, i) => messageId(`flood ${i}`));
    for (const id of ids) {
      expect(ml.add(id)).toBe(true);
      expect(ml.size).toBeLessThanOrEqual(300);
    }
    expect(ml.earlyRotations).toBe(full.length);
    expect(full.length).toBe(9); // at adds 101, 201, …, 901
    // the newest three generations (adds 701–1000) are still there, the older are gone
    expect(ml.has(ids[999]!)).toBe(true);
    expect(ml.has(ids[700]!)).toBe(true);
    expect(ml.has(ids[699]!)).toBe(false);
    expect(ml.has(ids[0]!)).toBe(false);
    expect(ml.bytes).toBeLessThan(3 * 256 * 8 + 1);
  });

  it('refuses a lifetime ≤ 0 or a cap < 1', () => {
    expect(() => new MessageList({ lifetimeMs: 0 })).toThrow(RangeError);
    expect(() => new MessageList({ maxEntries: 0 })).toThrow(RangeError);
  });
});
