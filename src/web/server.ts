/**
 * The browser harness: the same host as the desktop app (a {@link LabSession}) behind a
 * WebSocket bridge, plus a static server for the built renderer, so the UI runs in any browser.
 *
 *   tsx src/web/server.ts [--host 127.0.0.1] [--port 5173] [--export-dir ./exports] [--static out/renderer]
 *
 * Exports are written to `--export-dir` as `degree-histogram-<timestamp>.png` and
 * `degree-sequence-<timestamp>.csv`. Ctrl-C (SIGINT) or SIGTERM stops every node and exits 0.
 */
import { existsSync, realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { directoryTarget } from '../host/exportDegrees';
import type { LabSessionOptions } from '../host/session';
import { LabSession } from '../host/session';
import type { BridgeOptions } from './bridge';
import { Bridge } from './bridge';
import { staticHandler } from './static';

/** How {@link startWebServer} runs. */
export interface WebServerOptions {
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port; 0 picks a free one (default 5173). */
  port?: number;
  /** Where exports are written (default `./exports`, created when needed). */
  exportDir?: string;
  /** Where runs are recorded (default `./recordings`, created when the first run starts). */
  recordingsDir?: string;
  /** The built renderer to serve (default `out/renderer`). */
  staticDir?: string;
  /** More options for the session (timing, observer intervals, …). */
  session?: Omit<LabSessionOptions, 'saveTarget'>;
  /** Bounds of the WebSocket bridge (frame size, commands in flight, unread bytes). */
  bridge?: Pick<BridgeOptions, 'maxPayloadBytes' | 'maxInFlight' | 'maxBufferedBytes'>;
}

/** A running harness. */
export interface WebServer {
  /** The UI's address, `http://host:port/`. */
  url: string;
  /** The host behind the bridge. */
  session: LabSession;
  /** Closes the bridge, the HTTP server and the session (every node stops). */
  close(): Promise<void>;
}

/**
 * Starts the static server and the bridge.
 * @throws Error `cannot listen on HOST:PORT: EADDRINUSE` (or another code) when it cannot bind
 */
export async function startWebServer(opts: WebServerOptions = {}): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  const exportDir = resolve(opts.exportDir ?? './exports');
  const session = new LabSession({ recordingsDir: resolve(opts.recordingsDir ?? './recordings'), ...opts.session, saveTarget: directoryTarget(exportDir) });
  const serveStatic = staticHandler(opts.staticDir ?? 'out/renderer');
  const server = createServer((req, res) => {
    serveStatic(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  let origins = new Set<string>();
  const bridge = new Bridge({ ...opts.bridge, session, originAllowed: (o) => o !== undefined && origins.has(o.toLowerCase()) });
  server.on('upgrade', (req, socket, head) => bridge.handleUpgrade(req, socket, head));
  server.on('clientError', (_e, socket) => socket.destroy());
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', (e: NodeJS.ErrnoException) => fail(new Error(`cannot listen on ${host}:${opts.port ?? 5173}: ${e.code ?? e.message}`)));
      server.listen({ host, port: opts.port ?? 5173 }, () => ok());
    });
  } catch (e) {
    await session.close();
    throw e;
  }
  server.on('error', (e) => console.error('web server error:', e));
  const port = (server.address() as AddressInfo).port;
  origins = allowedOrigins(host, port);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(host)}:${port}/`,
    session,
    close: () =>
      (closing ??= (async () => {
        await bridge.close();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        await session.close();
      })()),
  };
}

/**
 * The origins whose pages may use the bridge: this server's own address, and for a loopback or
 * wildcard host also `localhost`, `127.0.0.1` and `[::1]` (and, for a wildcard, every local
 * interface address) on the same port. Lowercase, without a trailing slash.
 */
export function allowedOrigins(host: string, port: number): Set<string> {
  const hosts = new Set<string>([host]);
  const wildcard = host === '0.0.0.0' || host === '::';
  if (wildcard || host === 'localhost' || host === '::1' || host.startsWith('127.')) {
    for (const h of ['localhost', '127.0.0.1', '::1']) hosts.add(h);
  }
  if (wildcard) for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) hosts.add(a.address.split('%')[0]!);
  // a browser leaves the default port out of the Origin header
  return new Set([...hosts].map((h) => (port === 80 ? `http://${urlHost(h)}` : `http://${urlHost(h)}:${port}`).toLowerCase()));
}

function urlHost(h: string): string {
  return isIPv6(h) ? `[${h}]` : h;
}

function portArg(v: string): number {
  const n = Number(v);
  if (!/^\d{1,5}$/.test(v) || n > 65535) throw new InvalidArgumentError('port must be a whole number from 0 to 65535');
  return n;
}

/** Where {@link installLastResort} reports what it caught. */
export type LastResortLog = (what: 'uncaughtException' | 'unhandledRejection', error: unknown) => void;

/**
 * Installs the process's last-resort handlers: an exception nobody caught, or a promise rejection
 * nobody handled, is logged with `log` and the process keeps serving (a bug in one command must
 * not stop every node the harness runs). Idempotent per `log`.
 * @returns a function that removes the handlers again
 */
export function installLastResort(log: LastResortLog = defaultLastResortLog): () => void {
  const onException = (e: unknown): void => report(log, 'uncaughtException', e);
  const onRejection = (e: unknown): void => report(log, 'unhandledRejection', e);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}

function defaultLastResortLog(what: string, error: unknown): void {
  console.error(`gossip-lab-web: ${what} (the server keeps running):`, error);
}

/** Calls `log`, which must not throw: a throwing handler here would end the process. */
function report(log: LastResortLog, what: 'uncaughtException' | 'unhandledRejection', error: unknown): void {
  try {
    log(what, error);
  } catch {
    // nothing left to report to
  }
}

/** Runs the harness from the command line until SIGINT/SIGTERM. */
async function main(argv: string[]): Promise<void> {
  installLastResort();
  const program = new Command()
    .name('gossip-lab-web')
    .description('Run the Gossip Lab UI in a browser, served from this machine')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', portArg, 5173)
    .option('--export-dir <dir>', 'where degree exports are saved', './exports')
    .option('--recordings-dir <dir>', 'where runs are recorded', './recordings')
    .option('--static <dir>', 'the built renderer to serve', 'out/renderer')
    .parse(argv);
  const o = program.opts<{ host: string; port: number; exportDir: string; recordingsDir: string; static: string }>();
  if (!existsSync(join(o.static, 'index.html'))) {
    console.error(`no built renderer in ${o.static} (${join(o.static, 'index.html')} is missing): run \`npm run build\` first, or \`npm run web\`, which builds and serves`);
    process.exit(2);
  }
  let web: WebServer;
  try {
    web = await startWebServer({ host: o.host, port: o.port, exportDir: o.exportDir, recordingsDir: o.recordingsDir, staticDir: o.static });
  } catch (e) {
    const message = (e as Error).message;
    console.error(message);
    if (/EADDRINUSE/.test(message)) console.error(`port ${o.port} is in use (another harness or dev server?): pass --port 0 for any free port, or another --port`);
    process.exit(1);
  }
  console.log(`Gossip Lab web UI: ${web.url}`);
  const stop = (): void => {
    void web.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (invokedDirectly) void main(process.argv);
