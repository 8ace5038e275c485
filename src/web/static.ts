/**
 * Serves the built renderer (a directory of static files) over node:http: GET and HEAD only, the
 * right content type per extension, `index.html` for directories, 404 for anything missing, and
 * no way out of the root directory (`..`, encoded slashes, NUL bytes, symlinks are refused).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/** Content types by file extension. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Makes a request handler that serves files under `root`.
 * @param root the directory to serve (need not exist yet: requests then get 404)
 */
export function staticHandler(root: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const base = resolve(root);
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    const file = await locate(base, req.url ?? '/');
    if (file === 'bad') {
      send(res, 400, 'bad request path\n');
      return;
    }
    if (file === undefined) {
      send(res, 404, 'not found\n');
      return;
    }
    const type = CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': file.size,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': type.startsWith('text/html') ? 'no-cache' : 'public, max-age=300',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
}

/** The file a URL names under `base`: undefined when there is none, 'bad' for an unusable path. */
async function locate(base: string, url: string): Promise<{ path: string; size: number } | undefined | 'bad'> {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    return 'bad';
  }
  if (path.includes('\0') || path.includes('\\')) return 'bad';
  let full = resolve(join(base, path));
  if (full !== base && !full.startsWith(base + sep)) return 'bad';
  try {
    let s = await stat(full);
    if (s.isDirectory()) {
      full = join(full, 'index.html');
      s = await stat(full);
    }
    if (!s.isFile()) return undefined;
    // a symlink inside the root must not lead out of it
    const real = await realpath(full);
    const realBase = await realpath(base);
    if (real !== realBase && !real.startsWith(realBase + sep)) return undefined;
    return { path: real, size: s.size };
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(body);
}
