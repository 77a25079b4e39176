// The members' pages served as Google serves a web app: inside a sandboxed iframe on another origin (googleusercontent), so every link and form must target the top window; a screening answered through the sandbox.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { docEditors, newestLink, startDesk, submitReport, type CaseInfo, type Desk } from '../integration/desk';
import { launchChromium, serveDesk, type ServedDesk } from '../support/browser-desk';

jest.setTimeout(120000);

const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const ANA = { name: 'Ana Lima', email: 'ana@example.org' };
const BO = { name: 'Bo Chen', email: 'bo@example.org' };

/**
 * Google's outer page holds the app's HTML in an iframe on a googleusercontent.com origin with this sandbox (the
 * HtmlService restrictions guide: links and forms need `target="_top"` to leave the frame; standalone scripts get
 * `allow-top-navigation-by-user-activation`, developers.google.com/apps-script/guides/html/restrictions).
 */
const SANDBOX =
  'allow-downloads allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-same-origin allow-scripts allow-top-navigation-by-user-activation';

let desk: Desk;
let kase: CaseInfo;
let outer = '';
let served: ServedDesk;
let inner = '';
const servers: Server[] = [];
let browser: Browser;
/** The app's HTML of each request, served to the iframe from the other origin. */
const frames = new Map<string, string>();

function listen(server: Server, host: string): Promise<string> {
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`)),
  );
}

/** script.google.com: /exec runs doGet/doPost and answers Google's outer page, the app's HTML in a sandboxed iframe. */
function presentInFrame(page: { title: string }, html: string): string {
  const id = String(frames.size + 1);
  frames.set(id, html);
  return (
    `<!DOCTYPE html><html><head><title>${page.title.replace(/[<&]/g, '')}</title></head><body style="margin:0">` +
    `<iframe id="sandboxFrame" sandbox="${SANDBOX}" src="${inner}/frame/${id}" style="border:0;width:100%;height:100vh"></iframe></body></html>`
  );
}

/** n-…-script.googleusercontent.com: the app's HTML, on an origin of its own. */
function serveInner(): Promise<string> {
  return listen(
    createServer((req, res) => {
      const html = frames.get((req.url ?? '').replace(/^\/frame\//, ''));
      if (!html) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    }),
    'localhost',
  );
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  desk = startDesk({ members: [ANA, BO] });
  kase = submitReport(desk, { reporter: { name: 'Rita Quell' }, reported: ['Sam Doe'] });
  inner = await serveInner();
  served = await serveDesk(desk, presentInFrame);
  outer = served.base;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await served?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(outer) && !url.startsWith(inner)) throw new Error(`page requested ${url}`);
  });
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Every link and form of the app's HTML in the frame, with the window it would navigate. */
async function targetsIn(page: Page): Promise<Array<{ what: string; target: string }>> {
  const frame = page.frames().find((f) => f.url().startsWith(inner));
  if (!frame) throw new Error('no sandboxed frame');
  return frame.evaluate(() => {
    const base = document.querySelector('base')?.getAttribute('target') ?? '';
    const out: Array<{ what: string; target: string }> = [];
    for (const a of Array.from(document.querySelectorAll('a[href]')))
      if (!(a.getAttribute('href') ?? '').startsWith('#'))
        out.push({ what: `a ${a.getAttribute('href')}`, target: a.getAttribute('target') || base });
    for (const f of Array.from(document.querySelectorAll('form')))
      out.push({ what: `form ${f.getAttribute('action')}`, target: f.getAttribute('target') || base });
    return out;
  });
}

test('a screening link answered inside the sandboxed frame: the form leaves the frame, and the answer is recorded', async () => {
  const page = await newPage();
  await page.goto(newestLink(desk, ANA.email, 'no-conflict').url.replace(desk.ws.webAppUrl, `${outer}/exec`));
  const frame = page.frameLocator('#sandboxFrame');
  await expect(frame.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Do you have a conflict of interest?',
  );
  for (const t of await targetsIn(page)) expect([t.what, t.target]).toEqual([t.what, '_top']);

  // By keyboard, as a person can: the page must work without a pointer too, and a key press is a user activation.
  await frame.getByLabel('I have no conflict of interest with the people involved in this report').focus();
  await page.keyboard.press('Space');
  await frame.getByRole('button', { name: 'Confirm: no conflict' }).focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await shot(page, '20-sandboxed-result');
  // The top window went to the web app (not the frame to itself), and Google's outer page shows the result.
  expect(page.url().startsWith(`${outer}/exec`)).toBe(true);
  await expect(page.frameLocator('#sandboxFrame').getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'You have access',
  );
  for (const t of await targetsIn(page)) expect([t.what, t.target]).toEqual([t.what, '_top']);
  expect(docEditors(desk, kase.docId)).toEqual([ANA.email]);
  await page.context().close();
});

test('recording a conflict inside the frame navigates the top window, and the result page\u2019s links to the app target it too', async () => {
  const page = await newPage();
  await page.goto(newestLink(desk, BO.email, 'conflict').url.replace(desk.ws.webAppUrl, `${outer}/exec`));
  const frame = page.frameLocator('#sandboxFrame');
  await frame
    .getByLabel(/conflict of interest/i)
    .first()
    .focus();
  await page.keyboard.press('Space');
  await frame.getByRole('button').first().focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(page.url().startsWith(`${outer}/exec`)).toBe(true);
  const internal = (await targetsIn(page)).filter((t) => t.what.startsWith(`a ${outer}/exec`));
  for (const t of internal) expect(t.target).toBe('_top');
  await page.context().close();
});

test('ADV-578 the skip link inside the frame moves to the page\u2019s content and does not take the top window to the frame\u2019s own address', async () => {
  const page = await newPage();
  const link = newestLink(desk, ANA.email, 'no-conflict').url.replace(desk.ws.webAppUrl, `${outer}/exec`);
  await page.goto(link);
  const frame = page.frameLocator('#sandboxFrame');
  await frame.getByRole('link', { name: 'Skip to content' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  // Before, the page's <base target="_top"> sent the fragment link to the top window: it left Google's page for the
  // frame's googleusercontent address, losing the page the person was on.
  expect(page.url()).toBe(link);
  const inFrame = page.frames().find((f) => f.url().startsWith(inner));
  await expect(inFrame?.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
  await page.context().close();
});
