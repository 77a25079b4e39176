// Browser tests of the members' pages: chromium (playwright-core) against the emulator's doGet/doPost behind a local HTTP server; screening, a tampered link, keyboard-only use, phone width; screenshots saved for review.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import {
  addMember,
  docEditors,
  newestLink,
  registryRows,
  startDesk,
  submitReport,
  type CaseInfo,
  type Desk,
} from '../integration/desk';
import { launchChromium, serveDesk, type ServedDesk } from '../support/browser-desk';

jest.setTimeout(120000);

const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const ANA = { name: 'Ana Lima', email: 'ana@example.org' };
const BO = { name: 'Bo Chen', email: 'bo@example.org' };
const CY = { name: 'Cy Park', email: 'cy@example.org' };

let desk: Desk;
let kase: CaseInfo;
let served: ServedDesk;
let base = '';
let browser: Browser;

/** The local URL of a link from a member's newest email. */
function local(url: string): string {
  return url.replace(desk.ws.webAppUrl, `${base}/exec`);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  desk = startDesk({ members: [ANA, BO] });
  kase = submitReport(desk, { reporter: { name: 'Rita Quell' }, reported: ['Sam Doe'] });
  served = await serveDesk(desk);
  base = served.base;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

async function newPage(width = 1024, height = 800): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  // The pages must load nothing from anywhere else.
  page.on('request', (request) => {
    if (!request.url().startsWith(base)) throw new Error(`page requested ${request.url()}`);
  });
  return page;
}

test('open a screening link, tick, confirm, see the result', async () => {
  const page = await newPage();
  await page.goto(local(newestLink(desk, ANA.email, 'no-conflict').url));
  await shot(page, '01-screening');
  expect(await page.title()).toBe('Conflict of interest check');
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Do you have a conflict of interest?',
  );

  // The browser itself will not submit without the box: nothing changes.
  await page.getByRole('button', { name: 'Confirm: no conflict' }).click();
  expect(page.url()).toContain('?t=');
  expect(docEditors(desk, kase.docId)).toEqual([]);

  await page.getByLabel('I have no conflict of interest with the people involved in this report').check();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Confirm: no conflict' }).click()]);
  await shot(page, '02-result-granted');
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('You have access');
  expect(await page.getByRole('link', { name: 'Open the case document' }).getAttribute('href')).toBe(
    `https://docs.google.com/document/d/${kase.docId}/edit`,
  );
  expect(docEditors(desk, kase.docId)).toEqual([ANA.email]);
  await page.context().close();
});

test('a tampered link shows the generic page; its one form asks for fresh links by email and sends nobody anything', async () => {
  const page = await newPage();
  const url = local(newestLink(desk, BO.email, 'no-conflict').url);
  await page.goto(`${url.slice(0, -4)}AAAA`);
  await shot(page, '03-invalid-link');
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("This link can't be used");
  expect(await page.locator('form').count()).toBe(1);
  const mails = desk.ws.mail().length;
  // The browser refuses the form until the box is ticked (it is `required`), as a person meets it.
  await page.getByRole('button', { name: 'Send them' }).click();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("This link can't be used");
  await page.getByLabel('Email me fresh links').check();
  await page.getByRole('button', { name: 'Send them' }).click();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Fresh links asked for');
  expect(desk.ws.mail().length).toBe(mails);
  expect(registryRows(desk, 'Clearances').filter((c) => c.Decision === 'no-conflict')).toHaveLength(1);
  await page.context().close();
});

test('keyboard only: Tab to the box, Space to tick, Enter to confirm; focus is always visible', async () => {
  const page = await newPage();
  await page.goto(local(newestLink(desk, BO.email, 'conflict').url));
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Record a conflict of interest');
  const seen: string[] = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return { id: '', outline: '' };
      const style = getComputedStyle(el);
      return {
        id: el.id || el.tagName.toLowerCase() + (el.textContent ? `:${el.textContent.trim()}` : ''),
        outline: style.outlineStyle,
      };
    });
    seen.push(focused.id);
    if (focused.id === 'confirm-conflict') {
      expect(focused.outline).not.toBe('none');
      break;
    }
  }
  expect(seen[0]).toBe('a:Skip to content');
  expect(seen).toContain('confirm-conflict');
  await page.keyboard.press('Space');
  expect(await page.isChecked('#confirm-conflict')).toBe(true);
  await shot(page, '04-keyboard-focus');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Record my conflict');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await shot(page, '05-result-conflict');
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your conflict is recorded');
  expect(registryRows(desk, 'Clearances').map((c) => c.Decision)).toEqual(['no-conflict', 'conflict']);
  await page.context().close();
});

test('at 360 px wide the pages fit, with large tap targets', async () => {
  addMember(desk, CY);
  const fresh = submitReport(desk, { reported: ['Lee Ong'] });
  const page = await newPage(360, 740);
  await page.goto(local(newestLink(desk, CY.email, 'no-conflict', fresh.caseId).url));
  await shot(page, '06-screening-phone');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  for (const button of await page.getByRole('button').all()) {
    const box = await button.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
  }
  const label = await page.locator('label.check').first().boundingBox();
  expect(label?.height ?? 0).toBeGreaterThanOrEqual(44);

  await page.goto(local(newestLink(desk, CY.email, 'onboard').url));
  await shot(page, '07-onboarding-phone');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(await page.locator('input[type=radio]:checked').count()).toBe(0);
  await page.context().close();
});

test('onboarding by keyboard and mouse: choose per person, confirm, see the result', async () => {
  const page = await newPage();
  await page.goto(local(newestLink(desk, CY.email, 'onboard').url));
  await shot(page, '08-onboarding');
  const group = page.getByRole('group', { name: 'Sam Doe' });
  await group.getByLabel('No conflict').check();
  await page.getByLabel(/I have checked my answers/).check();
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save my answers' }).click()]);
  await shot(page, '09-onboarding-result');
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Thank you: your answers are recorded',
  );
  expect(docEditors(desk, kase.docId)).toEqual([ANA.email, CY.email].sort());
  await page.context().close();
});

test('busy page when the lock is held', async () => {
  const page = await newPage();
  const other = submitReport(desk, { reported: ['Kim Roe'] });
  await page.goto(local(newestLink(desk, ANA.email, 'no-conflict', other.caseId).url));
  await page.getByLabel('I have no conflict of interest with the people involved in this report').check();
  desk.ws.holdScriptLock(desk.ws.rt.now() + 10 * 60 * 1000);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Confirm: no conflict' }).click()]);
  await shot(page, '10-busy');
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Busy for a moment');
  expect(docEditors(desk, other.docId)).toEqual([]);
  await page.context().close();
});

test('proposing a change at 360 px wide: labelled fields that fit, then the proposal page with its document', async () => {
  desk.ws.advance(11 * 60 * 1000); // past the lock the busy-page test held
  const page = await newPage(360, 740);
  await page.goto(local(newestLink(desk, ANA.email, 'propose').url));
  await shot(page, '11-propose-phone');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByLabel('Title').fill('Zorblat clause');
  await page.getByLabel('The proposed change').fill('Add a section on zorblat conduct.');
  await page.getByLabel(/Brainstorming time in days/).fill('5');
  await page.getByLabel('Open this proposal for discussion').check();
  for (const button of await page.getByRole('button').all())
    expect((await button.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Propose the change' }).click()]);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Proposal 1 is open for discussion',
  );
  const proposal = registryRows(desk, 'Proposals')[0];
  expect(proposal).toMatchObject({ Title: 'Zorblat clause', 'Brainstorm Days': '5' });
  expect(docEditors(desk, proposal['Doc ID'])).toEqual([ANA.email, BO.email, CY.email].sort());
  await page.goto(local(newestLink(desk, ANA.email, 'change', 'p1').url));
  await shot(page, '12-proposal-phone');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Proposed change 1: Zorblat clause',
  );
  await page.context().close();
});
