/**
 * The app's network key (`setNetworkKey`): validated, never echoed, on/off in the snapshot and
 * the event stream; new local nodes use it; a remote seed of another network refuses the
 * handshake with a clear error, and one of the same network is watched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkHost } from '../../src/core/runtime/network';
import { LabSession } from '../../src/host/session';
import { pskTransport } from '../../src/core/net/secure';
import { Mirror, waitFor } from './helpers';

const KEY = 'correct horse battery staple 42';
const OTHER = 'a different network key, 0123';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function session(): { s: LabSession; mirror: Mirror } {
  const s = new LabSession({ shards: 0, network: { randomSeed: 1, timing: { gossipCount: 0 } }, observerIntervalMs: 50, observerTimeoutMs: 1000 });
  const mirror = new Mirror();
  s.onBatch(mirror.apply);
  cleanups.push(() => s.close());
  return { s, mirror };
}

describe('setNetworkKey', () => {
  it('refuses short key text without echoing it, and is off by default', async () => {
    const { s } = session();
    expect(s.snapshot().networkKey).toBe(false);
    const r = await s.execute('setNetworkKey', { keyText: 'tiny secret' });
    expect(r).toEqual({ ok: false, error: 'the network key must have at least 16 characters' });
    expect(JSON.stringify(r)).not.toContain('tiny secret');
  });

  it('turns on and off; events and replies say only on or off; new local nodes use TLS-PSK', async () => {
    const { s, mirror } = session();
    expect(await s.execute('setNetworkKey', { keyText: `${KEY}\n` })).toEqual({ ok: true, result: { on: true } });
    expect(s.snapshot().networkKey).toBe(true);
    const seed = await s.execute('addSeed', {});
    expect(seed.ok).toBe(true);
    const peers = await s.execute('addPeers', { count: 2 });
    expect(peers.ok && peers.result.ids).toHaveLength(2);
    expect(s.networkTransport?.name).toBe('tls-psk');
    await waitFor('the network-key event', () => mirror.ofKind('network-key').length === 1);
    expect(mirror.ofKind('network-key')[0]).toEqual({ kind: 'network-key', on: true });
    expect(JSON.stringify(mirror.events)).not.toContain(KEY.slice(0, 10));

    expect(await s.execute('setNetworkKey', { keyText: null })).toEqual({ ok: true, result: { on: false } });
    expect(s.snapshot().networkKey).toBe(false);
    expect(s.networkTransport).toBeUndefined();
  });

  it('a remote seed of a keyed network: refused without the key and with another, watched with the same', async () => {
    const elsewhere = new NetworkHost({ randomSeed: 3, timing: { gossipCount: 0 }, limits: { transport: pskTransport(Buffer.from(KEY)) } });
    cleanups.push(() => elsewhere.stopAll());
    const remoteSeed = await elsewhere.addSeed();
    expect(await elsewhere.addPeers(2, { autoGossip: false })).toHaveLength(2);

    const { s, mirror } = session();
    const none = await s.execute('connectRemoteSeed', { address: remoteSeed });
    expect(none).toEqual({ ok: false, error: `remote seed ${remoteSeed} refused the handshake: it requires a network key (set its network key to watch it)` });

    await s.execute('setNetworkKey', { keyText: OTHER });
    const other = await s.execute('connectRemoteSeed', { address: remoteSeed });
    expect(other).toEqual({ ok: false, error: `remote seed ${remoteSeed} refused the handshake: it uses another network key (set the key its network uses)` });

    await s.execute('setNetworkKey', { keyText: KEY });
    expect(await s.execute('connectRemoteSeed', { address: remoteSeed })).toEqual({ ok: true, result: { seed: remoteSeed, peers: 2 } });
    // the observer queries the remote peers through the key too: their link is drawn
    const [a, b] = elsewhere.peers().map((p) => p.id).sort();
    await waitFor('the remote link in the mirror', () => mirror.links.has(`${a} ${b}`));
    // a local peer joins the keyed remote network
    const joined = await s.execute('addPeers', { count: 1 });
    expect(joined.ok && joined.result.ids).toHaveLength(1);
    await waitFor('the remote seed to list the local peer', () => elsewhere.seeds()[0]!.peers().length === 3);
    expect(mirror.ofKind('notice').some((n) => n.text.includes('network key on'))).toBe(true);
    expect(mirror.ofKind('notice').filter((n) => n.level === 'error')).toEqual([]);

    // another key from now on: the watched seed refuses the observer, and the notice says why
    await s.execute('setNetworkKey', { keyText: OTHER });
    await waitFor('a notice that the remote refuses the other key', () =>
      mirror.ofKind('notice').some((n) => n.level === 'error' && n.text === `remote node ${remoteSeed} refused the handshake: it uses another network key (set the key its network uses)`),
    );
  });

  it('a keyed app and an open remote seed: refused, and the notice says to clear the key', async () => {
    const open = new NetworkHost({ randomSeed: 4, timing: { gossipCount: 0 } });
    cleanups.push(() => open.stopAll());
    const remoteSeed = await open.addSeed();
    const { s } = session();
    await s.execute('setNetworkKey', { keyText: KEY });
    const r = await s.execute('connectRemoteSeed', { address: remoteSeed });
    expect(r).toEqual({ ok: false, error: `remote seed ${remoteSeed} refused the handshake: it does not use a network key (clear the network key to watch it)` });
  });
});
