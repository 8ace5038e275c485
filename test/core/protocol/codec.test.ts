/** Decoding validates everything and never throws. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeMessage, encodeGossip, encodeMessage, jsonDepth } from '../../../src/core/protocol/codec';
import { parseAddr } from '../../../src/core/protocol/addr';
import { PROTOCOL_VERSION, messageSchemas } from '../../../src/core/protocol/messages';

const raw = (o: unknown): Buffer => Buffer.from(JSON.stringify(o));

describe('codec', () => {
  it('round-trips a message and adds the version', () => {
    const proof = 'ab'.repeat(32);
    const b = encodeMessage({ type: 'register', rid: 4, peer: { host: '10.0.0.1', port: 5000 }, proof });
    expect(JSON.parse(b.toString()).v).toBe(PROTOCOL_VERSION);
    expect(decodeMessage(b)).toEqual({ ok: true, message: { v: PROTOCOL_VERSION, type: 'register', rid: 4, peer: { host: '10.0.0.1', port: 5000 }, proof } });
  });

  it.each([
    ['not JSON', Buffer.from('{nope'), 'bad-json'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'bad-json'],
    ['an array', raw([1, 2]), 'bad-message'],
    ['no version', raw({ type: 'ack', rid: 1 }), 'bad-version'],
    ['another version', raw({ v: 1, type: 'ack', rid: 1 }), 'bad-version'],
    ['an unknown type', raw({ v: 2, type: 'teleport', rid: 1 }), 'unknown-type'],
    ['a port as text', raw({ v: 2, type: 'register', rid: 1, peer: { host: '1.2.3.4', port: '80' } }), 'bad-message'],
    ['port 70000', raw({ v: 2, type: 'register', rid: 1, peer: { host: '1.2.3.4', port: 70000 } }), 'bad-message'],
    ['a bad host', raw({ v: 2, type: 'register', rid: 1, peer: { host: 'not a host', port: 80 } }), 'bad-message'],
    ['a negative degree', raw({ v: 2, type: 'degree', rid: 1, peer: { host: '1.2.3.4', port: 80 }, degree: -1 }), 'bad-message'],
    ['a page too large', raw({ v: 2, type: 'get-peers', rid: 1, offset: 0, limit: 100000 }), 'bad-message'],
  ])('rejects %s', (_what, payload, code) => {
    const r = decodeMessage(payload);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.message.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['v', (deep: string) => `{"v":${deep},"type":"ack","rid":1}`],
    ['type', (deep: string) => `{"v":2,"type":${deep},"rid":1}`],
    ['a field', (deep: string) => `{"v":2,"type":"register","rid":1,"peer":${deep}}`],
  ])('refuses a message whose %s is nested thousands of levels deep, without throwing', (_what, build) => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const r = decodeMessage(Buffer.from(build(deep)));
    expect(r).toMatchObject({ ok: false, code: 'bad-message' });
    expect(r.ok === false && r.message).toContain('nested deeper');
  });

  it('counts nesting only outside strings', () => {
    expect(jsonDepth(Buffer.from('{"a":"[[[[[[[[[[[[[[[[[[[[\\"}'))).toBe(1);
    expect(jsonDepth(Buffer.from('{"a":"\\"[[[[[[[[[[[[[[[[[[[[\\""}'))).toBe(1);
    expect(jsonDepth(Buffer.from('{"a":[{"b":[]}]}'))).toBe(4);
  });

  it('echoes the rid of a bad request so the error can answer it', () => {
    const r = decodeMessage(raw({ v: 2, type: 'register', rid: 77, peer: 3 }));
    expect(r).toMatchObject({ ok: false, rid: 77, code: 'bad-message', type: 'register' });
    expect(r.ok === false && r.message).toContain('peer');
  });
});

describe('parseAddr', () => {
  it('reads IPv4, bracketed IPv6 and host names', () => {
    expect(parseAddr('10.1.2.3:80')).toEqual({ host: '10.1.2.3', port: 80 });
    expect(parseAddr('[::1]:5000')).toEqual({ host: '::1', port: 5000 });
    expect(parseAddr('seed-1.example.org:65535')).toEqual({ host: 'seed-1.example.org', port: 65535 });
  });
  it.each([
    ['1.2.3.4', /missing ":port"/],
    ['1.2.3.4:0', /out of range/],
    ['1.2.3.4:70000', /out of range/],
    ['::1:80', /brackets/],
    ['a:b:c', /not a valid/],
    ['999.1.1.1:80', /not a valid/],
    ['not a host:80', /not a valid/],
  ])('rejects %s', (text, why) => {
    expect(() => parseAddr(text)).toThrow(why);
  });
});

describe('the gossip hot path', () => {
  const gossip = fc.record({
    id: fc.stringMatching(/^[0-9a-f]{64}$/),
    text: fc.string({ minLength: 1, maxLength: 1024, unit: 'binary' }),
    origin: fc.record({ host: fc.constantFrom('127.0.0.1', '10.0.0.5', '::1', 'seed-1.example.org'), port: fc.integer({ min: 1, max: 65535 }) }),
    seq: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    createdAt: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    hops: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  });

  it('encodeGossip writes exactly what encodeMessage writes', () => {
    fc.assert(fc.property(gossip, (m) => encodeGossip(m).equals(encodeMessage({ type: 'gossip', ...m }))), { seed: 7, numRuns: 300 });
  });

  it('decodes a gossip message as the schema does, and drops unknown keys', () => {
    fc.assert(
      fc.property(gossip, fc.boolean(), (m, extra) => {
        const payload = Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, type: 'gossip', ...m, ...(extra ? { junk: [1, 2] } : {}) }));
        const fast = decodeMessage(payload);
        const slow = messageSchemas.gossip.safeParse(JSON.parse(payload.toString('utf8')));
        return fast.ok && slow.success && JSON.stringify(fast.message) === JSON.stringify(slow.data);
      }),
      { seed: 8, numRuns: 300 },
    );
  });

  it.each([
    ['an upper-case id', { id: 'A'.repeat(64) }, 'id'],
    ['an empty text', { text: '' }, 'text'],
    ['a port of 0', { origin: { host: '1.2.3.4', port: 0 } }, 'origin.port'],
    ['a bad host', { origin: { host: 'not a host', port: 1 } }, 'origin.host'],
    ['fractional hops', { hops: 1.5 }, 'hops'],
  ])('refuses a gossip message with %s, naming the field', (_what, change, field) => {
    const m = { v: PROTOCOL_VERSION, type: 'gossip', id: 'a'.repeat(64), text: 'x', origin: { host: '1.2.3.4', port: 1 }, seq: 1, createdAt: 1, hops: 0, ...change };
    const r = decodeMessage(Buffer.from(JSON.stringify(m)));
    expect(r).toMatchObject({ ok: false, code: 'bad-message' });
    expect(r.ok === false && r.message).toContain(field);
  });
});
