/** Free loopback ports for tests: bound to port 0 together, read, then released. */
import net from 'node:net';

/**
 * `n` distinct TCP ports free on `host` right now (default 127.0.0.1). Nothing listens on them
 * when this resolves: use them as "a port where nothing listens" or to start a server on.
 */
export async function freePorts(n: number, host = '127.0.0.1'): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const s = net.createServer();
          s.once('error', reject);
          s.listen({ host, port: 0 }, () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

/** One port free on `host` now (see {@link freePorts}). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return (await freePorts(1, host))[0]!;
}
