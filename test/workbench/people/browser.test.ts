// The person driver: the link it clicks, the requests it makes (exactly the browser's entry list, POST or GET by the form's method), the confirmation it ticks, and the refusal it reads.
import type { SentMail, WebResponse } from '../../../workbench/emulator/contracts';
import type { ExecutionRecord } from '../../../workbench/emulator/runtime';
import { Browser, offeredOperations, setField, type BrowsedWorkspace } from '../../../workbench/people/browser';
import { parsePage } from '../../../workbench/people/html-forms';

const APP = 'https://script.google.com/macros/s/EMULATED/exec';
const ANA = 'ana@example.org';

interface Request {
  method: 'GET' | 'POST';
  url: string;
  fields?: Record<string, string>;
}

function record(outcome: ExecutionRecord['outcome'] = 'ok', error?: string): ExecutionRecord {
  return {
    id: 1,
    kind: 'web',
    fn: 'doPost',
    activeUser: '',
    effectiveUser: 'owner@example.org',
    startedAt: 0,
    endedAt: 0,
    simulatedMs: 0,
    calls: {},
    sideEffects: 0,
    outcome,
    error,
  } as ExecutionRecord;
}

const CASE_PAGE = `<html><head><title>Case brave otter</title></head><body><main>
<h1>Case brave otter</h1>
<form method="post" action="${APP}">
  <input type="hidden" name="t" value="tok.sig">
  <input type="hidden" name="op" value="send-letter">
  <label>Address <input type="email" name="to" required></label>
  <label><input type="checkbox" name="confirm" value="yes" required> I checked the letter</label>
  <input type="checkbox" name="newsletter" value="yes">
  <button type="submit">Send the letter</button>
</form>
<form method="post" action="${APP}">
  <input type="hidden" name="t" value="tok.sig">
  <input type="hidden" name="op" value="open-vote">
  <label><input type="checkbox" name="confirm" value="yes" required> Open it</label>
  <button type="submit">Open the vote</button>
</form>
<form method="get" action="${APP}?page=search#top">
  <input type="text" name="q" value="">
  <button type="submit" name="go" value="1">Search</button>
</form>
</main></body></html>`;

const VOTE_PAGE = `<html><body><h1>Vote</h1>
<form method="post" action="${APP}">
  <input type="hidden" name="t" value="vote.sig">
  <input type="hidden" name="op" value="vote">
  <fieldset><legend>Your vote</legend>
    <label><input type="radio" name="choice" value="approve"> Approve</label>
    <label><input type="radio" name="choice" value="reject"> Reject</label>
  </fieldset>
  <label><input type="checkbox" name="confirm" value="yes" required> I confirm</label>
  <button type="submit">Record my vote</button>
</form></body></html>`;

const DONE = '<html><body><main data-outcome="done"><h1>Done</h1></main></body></html>';
const REFUSED =
  '<html><body><main><div role="alert" data-outcome="refused">Tick the box to confirm.</div></main></body></html>';

/** A web app that serves fixed pages and answers POSTs with `answer`, recording every request. */
function fakeApp(
  pages: Record<string, string>,
  answer: (fields: Record<string, string>) => WebResponse,
  mails: SentMail[] = [],
): { ws: BrowsedWorkspace; requests: Request[] } {
  const requests: Request[] = [];
  const page = (body: string, outcome: ExecutionRecord['outcome'] = 'ok'): WebResponse => ({
    body,
    mimeType: 'text/html',
    title: '',
    record: record(outcome),
  });
  const ws: BrowsedWorkspace = {
    webAppUrl: APP,
    mail: () => mails,
    webGet: (url) => {
      requests.push({ method: 'GET', url });
      return page(pages[url] ?? '<html><body><h1>Not found</h1></body></html>');
    },
    webPost: (url, fields) => {
      requests.push({ method: 'POST', url, fields: { ...fields } });
      return answer(fields);
    },
  };
  return { ws, requests };
}

function html(body: string, outcome: ExecutionRecord['outcome'] = 'ok', error?: string): WebResponse {
  return { body, mimeType: 'text/html', title: '', record: record(outcome, error) };
}

let seq = 0;
function mail(to: string, body: string): SentMail {
  seq++;
  return {
    at: seq * 1000,
    seq,
    from: 'owner@example.org',
    to: [to],
    cc: [],
    bcc: [],
    replyTo: '',
    subject: 'Case brave otter',
    body,
    htmlBody: '',
    name: 'Conduct Desk',
    execution: seq,
  };
}

describe('Browser', () => {
  test('completeConfirmation opens the person\u2019s newest Confirm link and presses the same op (DESIGN §9)', () => {
    const url = `${APP}?t=case.sig`;
    const confirmUrl = `${APP}?t=confirm.sig`;
    const CONFIRM_PAGE = CASE_PAGE.replaceAll('value="tok.sig"', 'value="confirm.sig"');
    const asked =
      '<html><body><main data-outcome="confirm"><h1>Confirm from your own mailbox</h1></main></body></html>';
    const mails = [
      mail('ana@example.org', `Confirm: ${APP}?t=old.sig`),
      mail('ana@example.org', `Confirm: ${confirmUrl}`),
    ];
    const { ws, requests } = fakeApp(
      { [url]: CASE_PAGE, [confirmUrl]: CONFIRM_PAGE },
      (fields) => html(fields.t === 'confirm.sig' ? DONE : asked),
      mails,
    );
    const browser = new Browser(ws);
    const first = browser.answerLink(url, 'open-vote');
    expect(first.ok).toBe(true);
    const done = browser.completeConfirmation(first.visit, 'ana@example.org', 'open-vote');
    expect(done).toMatchObject({ submitted: true, ok: true });
    expect(requests.slice(2)).toEqual([
      { method: 'GET', url: confirmUrl },
      { method: 'POST', url: APP, fields: { t: 'confirm.sig', op: 'open-vote', confirm: 'yes' } },
    ]);
    // A page that asked for no confirmation: nothing to complete. No Confirm email: said so, nothing sent.
    expect(browser.completeConfirmation(done!.visit, 'ana@example.org', 'open-vote')).toBeNull();
    expect(browser.completeConfirmation(first.visit, 'cy@example.org', 'open-vote')).toMatchObject({
      submitted: false,
      refusal: 'no confirmation email reached cy@example.org',
    });
  });

  test('press sends exactly the entry list a browser builds: hidden fields, the ticked confirmation, typed text', () => {
    const url = `${APP}?t=case.sig`;
    const { ws, requests } = fakeApp({ [url]: CASE_PAGE }, () => html(DONE));
    const result = new Browser(ws).answerLink(url, 'send-letter', { fields: { to: '  sam@example.net\n' } });
    expect(result.submitted).toBe(true);
    expect(result.ok).toBe(true);
    expect(result.refusal).toBe('');
    expect(result.unset).toEqual([]);
    expect(requests).toEqual([
      { method: 'GET', url },
      // the email input sanitizes its value (line breaks dropped, trimmed); the unrelated box stays unticked
      { method: 'POST', url: APP, fields: { t: 'tok.sig', op: 'send-letter', to: 'sam@example.net', confirm: 'yes' } },
    ]);
  });

  test('tick: false presses without the confirmation, and the page’s refusal is read back', () => {
    const url = `${APP}?t=case.sig`;
    const { ws, requests } = fakeApp({ [url]: CASE_PAGE }, (fields) => html(fields.confirm ? DONE : REFUSED));
    const browser = new Browser(ws);
    const result = browser.answerLink(url, 'open-vote', { tick: false });
    expect(requests[1].fields).toEqual({ t: 'tok.sig', op: 'open-vote' });
    expect(result).toMatchObject({ submitted: true, ok: false, refusal: 'Tick the box to confirm.' });
    expect(result.visit.page.outcome).toBe('refused');
  });

  test('radios are chosen by value; a field the form lacks is reported and not sent', () => {
    const url = `${APP}?t=vote.sig`;
    const { ws, requests } = fakeApp({ [url]: VOTE_PAGE }, () => html(DONE));
    const result = new Browser(ws).answerLink(url, 'vote', { fields: { choice: 'reject', to: 'x@example.com' } });
    expect(result.unset).toEqual(['to']);
    expect(requests[1].fields).toEqual({ t: 'vote.sig', op: 'vote', choice: 'reject', confirm: 'yes' });
  });

  test('pressing leaves the parsed page as it was (the person fills a copy)', () => {
    const url = `${APP}?t=vote.sig`;
    const { ws } = fakeApp({ [url]: VOTE_PAGE }, () => html(DONE));
    const browser = new Browser(ws);
    const visit = browser.open(url);
    browser.press(visit, 'vote', { fields: { choice: 'approve' } });
    const controls = visit.page.forms[0].controls;
    expect(controls.filter((c) => c.checked).map((c) => c.name)).toEqual([]);
  });

  test('a page without the operation sends nothing and says what it offers', () => {
    const url = `${APP}?t=case.sig`;
    const { ws, requests } = fakeApp({ [url]: CASE_PAGE }, () => html(DONE));
    const result = new Browser(ws).answerLink(url, 'accept');
    expect(result.submitted).toBe(false);
    expect(result.ok).toBe(false);
    expect(result.refusal).toBe('the page offers no accept (it offers: send-letter, open-vote, Search)');
    expect(requests).toHaveLength(1);
  });

  test('a failed execution is the refusal, whatever the page says', () => {
    const url = `${APP}?t=case.sig`;
    const { ws } = fakeApp({ [url]: CASE_PAGE }, () => html(DONE, 'error', 'Service invoked too many times'));
    const result = new Browser(ws).answerLink(url, 'open-vote');
    expect(result.ok).toBe(false);
    expect(result.refusal).toBe('execution error: Service invoked too many times');
  });

  test('a GET form replaces the action’s query with its entries and drops the fragment, as HTML says', () => {
    const url = `${APP}?t=case.sig`;
    const { ws, requests } = fakeApp({ [url]: CASE_PAGE }, () => html(DONE));
    const browser = new Browser(ws);
    const visit = browser.open(url);
    const form = visit.page.forms[2];
    setField(form, 'q', 'two words');
    const button = form.controls.find((c) => c.name === 'go') ?? null;
    const result = browser.submit(form, button, url);
    expect(result.url).toBe(`${APP}?q=two+words&go=1`);
    expect(requests[1]).toEqual({ method: 'GET', url: `${APP}?q=two+words&go=1` });
  });

  test('beforeSubmit runs after the GET and before the POST; afterRequest sees every request', () => {
    const url = `${APP}?t=case.sig`;
    const order: string[] = [];
    const { ws } = fakeApp({ [url]: CASE_PAGE }, () => {
      order.push('post');
      return html(DONE);
    });
    const browser = new Browser(ws, { afterRequest: (request) => order.push(`after ${request.method}`) });
    browser.answerLink(url, 'open-vote', { beforeSubmit: () => order.push('before') });
    expect(order).toEqual(['after GET', 'before', 'post', 'after POST']);
  });

  test('answerMail clicks the labelled link in the newest email, and gives null when there is none', () => {
    const older = `${APP}?t=old.sig`;
    const newer = `${APP}?t=new.sig`;
    const mails = [
      mail(ANA, `Case brave otter\nCase page: ${older}`),
      mail(ANA, `Case brave otter\nVote: ${APP}?t=vote.sig\nCase page: ${newer}`),
      mail('bo@example.org', `Case brave otter\nCase page: ${APP}?t=bo.sig`),
    ];
    const { ws, requests } = fakeApp({ [newer]: CASE_PAGE }, () => html(DONE), mails);
    const browser = new Browser(ws);
    expect(browser.findLink(ANA, 'case')?.url).toBe(newer);
    const result = browser.answerMail(ANA, 'case', 'open-vote');
    expect(result?.ok).toBe(true);
    expect(requests[0]).toEqual({ method: 'GET', url: newer });
    expect(browser.answerMail(ANA, 'moderator', 'accept')).toBeNull();
    expect(requests).toHaveLength(2);
  });

  test('a link outside the web app is not one a person of this desk would click', () => {
    const mails = [mail(ANA, 'Case page: https://example.com/phish?t=x')];
    const { ws } = fakeApp({}, () => html(DONE), mails);
    expect(new Browser(ws).findLink(ANA, 'case')).toBeNull();
  });

  test('submitEveryForm is a scanner: every form once per button, nothing ticked or typed', () => {
    const url = `${APP}?t=case.sig`;
    const { ws, requests } = fakeApp({ [url]: CASE_PAGE }, () => html(REFUSED));
    const browser = new Browser(ws);
    const pages = browser.submitEveryForm(browser.open(url));
    expect(pages).toHaveLength(3);
    expect(requests.slice(1)).toEqual([
      { method: 'POST', url: APP, fields: { t: 'tok.sig', op: 'send-letter', to: '' } },
      { method: 'POST', url: APP, fields: { t: 'tok.sig', op: 'open-vote' } },
      { method: 'GET', url: `${APP}?q=&go=1` },
    ]);
  });

  test('offeredOperations names each form by its op, else its button', () => {
    expect(offeredOperations(parsePage(CASE_PAGE))).toEqual(['send-letter', 'open-vote', 'Search']);
    expect(offeredOperations(parsePage(DONE))).toEqual([]);
  });
});
