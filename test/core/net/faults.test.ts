/**
 * Fault injection (src/core/net/faults.ts): the injector's rules, and what they do to frames on
 * real loopback connections driven by a manual clock — delayed frames keep their order and wait
 * for the clock, lost frames never arrive, a partition refuses dials, a pause holds frames and
 * timers until it ends.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection, dial } from '../../../src/core/net/connection';
import { DEFAULT_LIMITS } from '../../../src/core/net/limits';
import type { Limits } from '../../../src/core/net/limits';
import { DROP, FaultInjector, PausableClock, checkFaultRules } from '../../../src/core/net/faults';
import type { Message } from '../../../src/core/protocol/messages';
import { seededRandom } from '../../../src/core/random';
import { ManualClock, settle } from '../../helpers/manualClock';
import { waitFor } from '../../helpers/waitFor';

const A = '127.0.0.1:1001';
const B = '127.0.0.1:1002';
const C = '127.0.0.1:1003';

describe('the fault injector', () => {
  it('drops about the share of frames its loss says, reproducibly for one random seed', () => {
    const draw = (seed: number): number[] => {
      const f = new FaultInjector(new ManualClock(), seededRandom(seed));
      f.setRules({ network: { loss: 0.1 } });
      const p = f.point(() => A);
      return Array.from({ length: 10_000 }, () => p.outgoing(B));
    };
    const fates = draw(7);
    const lost = fates.filter((x) => x === DROP).length / fates.length;
    expect(lost).toBeGreaterThan(0.08);
    expect(lost).toBeLessThan(0.12);
    expect(draw(7)).toEqual(fates);
  });

  it('adds delay within mean ± jitter, to the sender of a link only', () => {
    const f = new FaultInjector(new ManualClock(), seededRandom(1));
    f.setRules({ links: [{ a: B, b: A, delayMs: 200, jitterMs: 100 }] });
    const fromA = f.point(() => A);
    const delays = Array.from({ length: 1000 }, () => fromA.outgoing(B));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...delays)).toBeLessThanOrEqual(300);
    expect(new Set(delays).size).toBeGreaterThan(100);
    expect(fromA.outgoing(C)).toBe(0);
    expect(fromA.incoming(B)).toBe(0);
  });

  it('cuts a partition both ways and leaves nodes outside every group alone', () => {
    const f = new FaultInjector(new ManualClock());
    f.setRules({ partition: [[A], [B]] });
    const a = f.point(() => A);
    const b = f.point(() => B);
    expect(a.refuseDial(B)).toMatch(/partition/);
    expect(b.refuseDial(A)).toMatch(/partition/);
    expect(a.outgoing(B)).toBe(DROP);
    expect(b.incoming(A)).toBe(DROP);
    expect(a.refuseDial(C)).toBeUndefined();
    expect(f.point(() => C).outgoing(A)).toBe(0);
    f.clear();
    expect(a.refuseDial(B)).toBeUndefined();
  });

  it('refuses rules out of range with a sentence', () => {
    expect(checkFaultRules({ network: { loss: 1.5 } })).toMatch(/loss must be between 0 and 1/);
    expect(checkFaultRules({ nodes: { [A]: { delayMs: -1 } } })).toMatch(/delayMs/);
    expect(checkFaultRules({ links: [{ a: A, b: B, jitterMs: 1e9 }] })).toMatch(/jitterMs/);
    expect(() => new FaultInjector(new ManualClock()).setRules({ network: { loss: Number.NaN } })).toThrow(/loss/);
  });

  it('holds a paused node’s timers until the pause ends, then runs them in order', () => {
    const clock = new ManualClock();
    const f = new FaultInjector(clock);
    const pc = new PausableClock(clock, f, () => A);
    const ran: string[] = [];
    pc.setTimeout(() => ran.push('first'), 100);
    pc.setTimeout(() => ran.push('second'), 200);
    const cancelled = pc.setTimeout(() => ran.push('cancelled'), 150);
    f.pause(A, 1_000);
    expect(f.pausedFor(A)).toBe(1_000);
    clock.advance(500);
    pc.clearTimeout(cancelled);
    expect(ran).toEqual([]);
    clock.advance(500);
    expect(ran).toEqual(['first', 'second']);
    expect(f.pausedFor(A)).toBe(0);
    pc.dispose();
  });
});

describe('faults on real connections', () => {
  const servers: net.Server[] = [];
  const conns: Connection[] = [];
  afterEach(() => {
    for (const c of conns.splice(0)) c.destroy();
    for (const s of servers.splice(0)) s.close();
  });

  /** A listener whose accepted connections record every message; returns its port and the log. */
  async function listener(clock: ManualClock, limits: Limits): Promise<{ port: number; got: Message[] }> {
    const got: Message[] = [];
    const server = net.createServer((socket) => {
      const c = new Connection(socket, clock, limits, true);
      conns.push(c);
      c.onMessage = (m) => got.push(m);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { port: (server.address() as net.AddressInfo).port, got };
  }

  const bye = (i: number): Parameters<Connection['send']>[0] => ({ type: 'bye', from: { host: '127.0.0.1', port: i + 1 } });

  it('delays frames on the clock and keeps them in order despite jitter', async () => {
    const clock = new ManualClock();
    const { port, got } = await listener(clock, DEFAULT_LIMITS);
    const f = new FaultInjector(clock, seededRandom(3));
    f.setRules({ network: { delayMs: 100, jitterMs: 90 } });
    const c = await dial('127.0.0.1', port, clock, { ...DEFAULT_LIMITS, faults: f.point(() => A) });
    conns.push(c);
    for (let i = 0; i < 20; i++) c.send(bye(i));
    await settle();
    expect(got).toEqual([]); // nothing before the clock moves
    clock.advance(200);
    await waitFor(() => got.length === 20, { what: 'the 20 delayed frames' });
    expect(got.map((m) => (m as { from: { port: number } }).from.port)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('loses every frame at loss 1, and none once the rule is cleared', async () => {
    const clock = new ManualClock();
    const { port, got } = await listener(clock, DEFAULT_LIMITS);
    const f = new FaultInjector(clock);
    f.setRules({ nodes: { [A]: { loss: 1 } } });
    const c = await dial('127.0.0.1', port, clock, { ...DEFAULT_LIMITS, faults: f.point(() => A) });
    conns.push(c);
    c.send(bye(0));
    f.clear();
    c.send(bye(1));
    await waitFor(() => got.length === 1, { what: 'the frame sent after the rule was cleared' });
    await settle();
    expect(got.map((m) => (m as { from: { port: number } }).from.port)).toEqual([2]);
  });

  it('refuses to dial across a partition, and holds a paused receiver’s frames until it resumes', async () => {
    const clock = new ManualClock();
    const f = new FaultInjector(clock);
    const { port, got } = await listener(clock, { ...DEFAULT_LIMITS, faults: f.point(() => B) });
    const target = `127.0.0.1:${port}`;
    f.setRules({ partition: [[A], [target]] });
    await expect(dial('127.0.0.1', port, clock, { ...DEFAULT_LIMITS, faults: f.point(() => A) })).rejects.toThrow(/unreachable.*partition/);
    f.clear();
    const c = await dial('127.0.0.1', port, clock, { ...DEFAULT_LIMITS, faults: f.point(() => A) });
    conns.push(c);
    f.pause(B, 500);
    c.send(bye(0));
    c.send(bye(1));
    await settle();
    expect(got).toEqual([]);
    clock.advance(500);
    await waitFor(() => got.length === 2, { what: 'the held frames after the pause' });
  });
});
