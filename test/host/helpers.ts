/** Test helpers for the host: waiting on conditions and mirroring the event stream as a renderer would. */
import { afterEach } from 'vitest';
import { LocalRuntime } from '../../src/core/runtime/localRuntime';
import type { NetworkHost } from '../../src/core/runtime/network';
import { LabSession } from '../../src/host/session';
import type { UiEvent, UiNode } from '../../src/shared/types';

/**
 * Polls `cond` until it returns a truthy value or `timeoutMs` passes.
 * @returns the truthy value
 * @throws Error naming `what` (and the last value of `describe`, if given) on timeout
 */
export async function waitFor<T>(
  what: string,
  cond: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 10, describe }: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {},
): Promise<Exclude<T, undefined | null | false | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v) return v as Exclude<T, undefined | null | false | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? `: ${describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Applies event batches the way a renderer would, and keeps every batch with its arrival time. */
export class Mirror {
  readonly nodes = new Map<string, UiNode>();
  readonly links = new Set<string>();
  readonly batches: Array<{ at: number; events: readonly UiEvent[] }> = [];
  readonly events: UiEvent[] = [];

  /** Applies one batch. */
  apply = (batch: readonly UiEvent[]): void => {
    this.batches.push({ at: Date.now(), events: batch });
    for (const e of batch) {
      this.events.push(e);
      if (e.kind === 'node') this.nodes.set(e.node.id, e.node);
      else if (e.kind === 'node-removed') this.nodes.delete(e.id);
      else if (e.kind === 'link') {
        if (e.a >= e.b) throw new Error(`link not ordered: ${e.a} ${e.b}`);
        if (e.up) this.links.add(`${e.a} ${e.b}`);
        else this.links.delete(`${e.a} ${e.b}`);
      }
    }
  };

  /** Events of one kind, in order. */
  ofKind<K extends UiEvent['kind']>(kind: K): Array<Extract<UiEvent, { kind: K }>> {
    return this.events.filter((e): e is Extract<UiEvent, { kind: K }> => e.kind === kind);
  }
}

/** Link pairs as sorted `a b` keys, for set comparison. */
export function linkKeys(links: ReadonlyArray<readonly [string, string]>): string[] {
  return links.map(([a, b]) => (a < b ? `${a} ${b}` : `${b} ${a}`)).sort();
}

/** Every link among running peers of all the given hosts (a link may cross hosts), as `a b` keys with a < b. */
export function allLinks(...hosts: NetworkHost[]): string[] {
  const running = new Set(hosts.flatMap((h) => h.peers().map((p) => p.id)));
  const out = new Set<string>();
  for (const h of hosts) {
    for (const p of h.peers()) for (const n of p.neighbours()) if (running.has(n)) out.add(p.id < n ? `${p.id} ${n}` : `${n} ${p.id}`);
  }
  return [...out];
}

/** True when both lists hold the same strings (as sets). */
export function sameSet(a: Iterable<string>, b: Iterable<string>): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** A clock whose time moves only when told: timers run in time order as `advance` passes them. */
export class ManualClock {
  private t = 1_000_000;
  private seq = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();

  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.timers.delete(h as number);
  };

  /** Moves time forward by `ms` without running any timer: a thread busy with other work. */
  skip(ms: number): void {
    this.t += ms;
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
  }
}

/**
 * A factory of sessions that are all closed after each test of the calling file (call it at the
 * top level of a test file). Its sessions run their nodes in the test's process (`shards: 0`)
 * unless the options say otherwise.
 */
export function sessionPool(): (...args: ConstructorParameters<typeof LabSession>) => LabSession {
  const sessions: LabSession[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });
  return (opts = {}) => {
    const s = new LabSession({ shards: 0, ...opts });
    sessions.push(s);
    return s;
  };
}

/** The in-process network of a session started with `shards: 0` (after its first node). */
export function localNet(session: LabSession): NetworkHost {
  const rt = session.runtime;
  if (!(rt instanceof LocalRuntime)) throw new Error('the session runs no in-process network');
  return rt.host;
}
