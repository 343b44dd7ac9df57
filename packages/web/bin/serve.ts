import { createReadStream, existsSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ISOLATION } from './isolation';

/**
 * A tiny static server for the built lab, on 127.0.0.1 only. It adds a Content-Security-Policy that
 * lets the page load nothing from anywhere but itself: the promise that no request leaves the
 * machine is kept by the browser, not only by our code.
 */

export { ISOLATION };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export const CSP = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the page compile its own WebAssembly (the float32 kernels, bundled in the
  // script); it allows no other eval and no script from elsewhere.
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  // KaTeX positions glyphs with inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export interface Served {
  url: string;
  port: number;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((ok, fail) => {
    const onError = (err: Error): void => fail(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      ok(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/**
 * Serves `dir` on host:port; when the port is taken, tries the next ones (port 0: any free port).
 * `isolated: false` leaves out the cross-origin isolation headers (to see the page's one-thread fallback).
 */
export async function serve(
  dir: string,
  opts: { port?: number; host?: string; isolated?: boolean } = {},
): Promise<Served> {
  const root = resolve(dir);
  const host = opts.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const hashed = path.startsWith('/assets/');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      ...(opts.isolated !== false && ISOLATION),
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  let port = opts.port ?? 5173;
  for (let tries = 0; ; tries++) {
    try {
      port = await listen(server, port, host);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0 || tries > 50) throw err;
      port++;
    }
  }
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

const here = fileURLToPath(new URL('.', import.meta.url));
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = join(here, '..', 'dist');
  if (!existsSync(join(dir, 'index.html'))) {
    console.error('The lab is not built yet: run `npm start` (or `npm run build -w @unha/web`).');
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 5173);
  const s = await serve(dir, { port });
  console.log(`LLM na Unha: ${s.url}`);
  console.log('(Ctrl+C to stop)');
}
