// The emulated web app in a real browser: a local HTTP server in front of the emulator's doGet/doPost (links in pages point back to it), and Debian's chromium launched headless.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { Desk } from '../integration/desk';

export interface ServedDesk {
  /** `http://127.0.0.1:<port>`: the web app is at `<base>/exec`. */
  base: string;
  /** A web app URL (from an email) as the local server serves it. */
  local(url: string): string;
  close(): Promise<void>;
}

/**
 * Serves GET/POST on /exec through ws.webGet/ws.webPost, the invariants checked after each; a failure is a 500 with
 * its stack. `present` turns the page (its links rewritten to this server) into what is sent: the page itself unless
 * given (the sandboxed-frame test wraps it in Google's outer page).
 */
export function serveDesk(
  d: Desk,
  present: (page: { title: string }, html: string) => string = (_page, html) => html,
): Promise<ServedDesk> {
  let base = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (url.pathname !== '/exec') {
          res.writeHead(404).end();
          return;
        }
        const target = `${d.ws.webAppUrl}${url.search}`;
        const page =
          req.method === 'POST'
            ? d.ws.webPost(target, Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))))
            : d.ws.webGet(target);
        d.check();
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(present(page, page.body.split(d.ws.webAppUrl).join(`${base}/exec`)));
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String((err as Error).stack ?? err));
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        base,
        local: (url) => url.replace(d.ws.webAppUrl, `${base}/exec`),
        close: () => new Promise((done) => server.close(() => done())),
      });
    }),
  );
}

/** Debian's chromium, headless, with nothing of its own reaching the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
