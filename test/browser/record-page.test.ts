// Browser test of the Record a report page (issue 18) in chromium: the Form's questions as fields named by their titles, the browser refusing to send it without "What happened?", the conflict box, one case; screenshots saved for review.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { memberId, newestLink, registryRows, startDesk, type Desk } from '../integration/desk';
import { launchChromium, serveDesk, type ServedDesk } from '../support/browser-desk';

jest.setTimeout(120000);

const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const ANA = { name: 'Ana Lima', email: 'ana@example.org' };
const BO = { name: 'Bo Chen', email: 'bo@example.org' };

let desk: Desk;
let served: ServedDesk;
let base = '';
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  desk = startDesk({ members: [ANA, BO] });
  desk.k.people.push({ reporter: { name: 'Quorra Vantine' }, reported: [{ name: 'Zeph Mallory' }] });
  served = await serveDesk(desk);
  base = served.base;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

async function openRecordPage(width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.on('request', (request) => {
    if (!request.url().startsWith(base)) throw new Error(`page requested ${request.url()}`);
  });
  await page.goto(newestLink(desk, ANA.email, 'record').url.replace(desk.ws.webAppUrl, `${base}/exec`));
  return page;
}

test('a member records a report told in person, declaring a conflict: one case, the member conflicted', async () => {
  const page = await openRecordPage(1024);
  await page.screenshot({ path: join(SHOTS, '20-record-report.png'), fullPage: true });
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Record a report');
  const field = (title: string) => page.locator(`[name="${title}"]`);
  await field('Your name').fill('Quorra Vantine');
  await field('Who was involved?').fill('Zeph Mallory');
  await field('Is anyone in immediate danger?').selectOption('No');
  await page.getByLabel('Record this report as a new case').check();
  // "What happened?" is required: the browser itself does not send the page.
  await page.getByRole('button', { name: 'Record the report' }).click();
  expect(registryRows(desk, 'Cases')).toHaveLength(0);

  await field('What happened?').fill(
    'Told in person at the meetup: mocking jokes during the talk, after being asked to stop.',
  );
  await field('How did it affect you?').fill('Left early.');
  await page.getByLabel('I have a conflict of interest in this report').check();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Record the report' }).click()]);
  await page.screenshot({ path: join(SHOTS, '21-record-report-done.png'), fullPage: true });
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^The report is now case /);

  const [row] = registryRows(desk, 'Cases');
  expect(row).toMatchObject({ Phase: 'screening', 'Reporter Name': 'Quorra Vantine', Danger: 'no' });
  expect(desk.ws.data.doc(row['Doc ID']).text).toContain('How did it affect you?\nLeft early.');
  const clearances = registryRows(desk, 'Clearances').filter((c) => c['Case ID'] === row['Case ID']);
  expect(clearances.map((c) => [c['Member ID'], c.Decision])).toEqual([[memberId(desk, ANA.email), 'conflict']]);
  await page.context().close();
});

test('at phone width every field fits the screen', async () => {
  const page = await openRecordPage(360);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: join(SHOTS, '22-record-report-phone.png'), fullPage: true });
  await page.context().close();
});
