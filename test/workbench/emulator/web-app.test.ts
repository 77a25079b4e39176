// Conformance tests for the web app: the doGet/doPost event objects, identity (deployer, blank active user), HtmlOutput and ContentService responses.

import { OWNER, runOk, workspaceWith } from './test-helpers';

const URL = 'https://script.google.com/macros/s/EMULATED/exec';

const BUNDLE = `
function describe(e) {
  return JSON.stringify({ e: e, active: Session.getActiveUser().getEmail(), effective: Session.getEffectiveUser().getEmail() });
}
function doGet(e) {
  if (e.parameter.format === 'json') return ContentService.createTextOutput(describe(e)).setMimeType(ContentService.MimeType.JSON);
  if (e.parameter.format === 'none') return;
  if (e.parameter.format === 'fail') throw new Error('bad link');
  return HtmlService.createHtmlOutput('<pre>' + describe(e) + '</pre>').setTitle('Confirm');
}
function doPost(e) { return ContentService.createTextOutput(describe(e)); }
function mime() { return ContentService.createTextOutput('x').getMimeType(); }
`;

describe('web app', () => {
  it('runs doGet with the GET event object: queryString, parameter, parameters, contextPath and contentLength -1', () => {
    const ws = workspaceWith(BUNDLE);
    const res = ws.webGet(`${URL}?format=json&a=1&a=two%20words&b=x+y`);
    expect(res.mimeType).toBe('application/json');
    const { e } = JSON.parse(res.body);
    expect(e).toEqual({
      queryString: 'format=json&a=1&a=two%20words&b=x+y',
      parameter: { format: 'json', a: '1', b: 'x y' },
      parameters: { format: ['json'], a: ['1', 'two words'], b: ['x y'] },
      contextPath: '',
      contentLength: -1,
    });
  });

  it('gives queryString null without a query and pathInfo for a path after /exec', () => {
    const ws = workspaceWith(BUNDLE);
    const bare = JSON.parse(/<pre>(.*)<\/pre>/.exec(ws.webGet(URL).body)![1]).e;
    expect(bare.queryString).toBeNull();
    expect('pathInfo' in bare).toBe(false);
    const withPath = JSON.parse(ws.webGet(`${URL}/cases/7?format=json`).body).e;
    expect(withPath.pathInfo).toBe('cases/7');
  });

  it('runs as the deployer with a blank active user, as an execution of kind web', () => {
    const ws = workspaceWith(BUNDLE);
    const res = ws.webGet(`${URL}?format=json`);
    const parsed = JSON.parse(res.body);
    expect(parsed.active).toBe('');
    expect(parsed.effective).toBe(OWNER);
    expect(res.record).toMatchObject({ kind: 'web', fn: 'doGet', activeUser: '', effectiveUser: OWNER, outcome: 'ok' });
  });

  it('returns an HtmlOutput page with its title', () => {
    const res = workspaceWith(BUNDLE).webGet(`${URL}?x=1`);
    expect(res.mimeType).toBe('text/html');
    expect(res.title).toBe('Confirm');
    expect(res.body).toMatch(/^<pre>/);
  });

  it('runs doPost with postData and parameters merged from the query and the form body', () => {
    const ws = workspaceWith(BUNDLE);
    const res = ws.webPost(`${URL}?t=tok&a=q`, { a: 'body value', confirm: 'yes & sure' });
    const { e } = JSON.parse(res.body);
    const contents = 'a=body+value&confirm=yes+%26+sure';
    expect(e.postData).toEqual({
      length: contents.length,
      type: 'application/x-www-form-urlencoded',
      contents,
      name: 'postData',
    });
    expect(e.contentLength).toBe(contents.length);
    expect(e.parameters).toEqual({ t: ['tok'], a: ['q', 'body value'], confirm: ['yes & sure'] });
    expect(e.parameter).toEqual({ t: 'tok', a: 'q', confirm: 'yes & sure' });
    expect(res.mimeType).toBe('text/plain');
  });

  it('shows the error page when the handler throws', () => {
    const res = workspaceWith(BUNDLE).webGet(`${URL}?format=fail`);
    expect(res.body).toContain('Error: bad link');
    expect(res.record.outcome).toBe('error');
  });

  it('fails every request before any code runs while a scope waits for the owner, until the owner runs a function from the editor (ADV-559)', () => {
    const ws = workspaceWith(BUNDLE);
    ws.authorizationRequired = true;
    const refused = ws.webGet(`${URL}?format=json`);
    expect(refused.record.outcome).toBe('error');
    expect(refused.body).toContain('Authorization is required to perform that action.');
    // Anyone else's run from the editor grants nothing.
    ws.run('mime', [], { user: 'ana@example.org' });
    expect(ws.webGet(`${URL}?format=json`).record.outcome).toBe('error');
    expect(runOk(ws, 'mime')).toBe('TEXT');
    expect(ws.webGet(`${URL}?format=json`).record.outcome).toBe('ok');
  });

  it('has Session report a renamed account by its new address; the execution is still the account (ADV-558)', () => {
    const ws = workspaceWith(BUNDLE);
    ws.rt.primaryAddress.set(OWNER, 'coc-desk@example.org');
    const seen = JSON.parse(ws.webGet(`${URL}?format=json`).body) as { effective: string };
    expect(seen.effective).toBe('coc-desk@example.org');
  });

  it('says the script returned nothing when doGet returns no output', () => {
    expect(workspaceWith(BUNDLE).webGet(`${URL}?format=none`).body).toBe(
      'The script completed but did not return anything.',
    );
  });

  it('fails like the platform when the bundle has no doGet', () => {
    const res = workspaceWith('function other() {}').webGet(URL);
    expect(res.body).toContain('Script function not found: doGet');
    expect(res.record.error).toBe('Exception: Script function not found: doGet');
  });

  it('refuses URLs outside the web app', () => {
    const ws = workspaceWith(BUNDLE);
    expect(() => ws.webGet('https://example.org/exec?x=1')).toThrow(/not under the web app URL/);
    expect(() => ws.webGet(`${URL}x?x=1`)).toThrow(/not under the web app URL/);
  });

  it('defaults TextOutput to MimeType.TEXT', () => {
    expect(runOk(workspaceWith(BUNDLE), 'mime')).toBe('TEXT');
  });
});

// Manifest reference, web app access: ANYONE "Any user who is signed in to a Google account", ANYONE_ANONYMOUS "Any
// user, signed in or not" (https://developers.google.com/apps-script/manifest/web-app).
describe('who may open the web app', () => {
  const manifest = (access: string) => ({
    'appsscript.json': JSON.stringify({ timeZone: 'Etc/UTC', webapp: { executeAs: 'USER_DEPLOYING', access } }),
  });

  it('access ANYONE: a browser not signed in gets Google\u2019s sign-in page and the app does not run', () => {
    const ws = workspaceWith(BUNDLE, { files: manifest('ANYONE') });
    const before = ws.snapshot().executions.length;
    const res = ws.webGet(`${URL}?format=json`, { user: null });
    expect(res.title).toBe('Sign in - Google Accounts');
    expect(res.body).toContain('accounts.google.com');
    expect(ws.snapshot().executions.length).toBe(before);
    expect(ws.webPost(URL, { a: '1' }, { user: null }).title).toBe('Sign in - Google Accounts');
    // Signed in (anyone's account), the app runs.
    expect(JSON.parse(ws.webGet(`${URL}?format=json`, { user: 'kim@example.net' }).body).active).toBe('');
  });

  it('access ANYONE_ANONYMOUS: the app runs for a browser not signed in', () => {
    const ws = workspaceWith(BUNDLE, { files: manifest('ANYONE_ANONYMOUS') });
    expect(ws.webGet(`${URL}?format=json`, { user: null }).mimeType).toBe('application/json');
  });

  it('the owner signed in is the active user; anyone else stays blank', () => {
    const ws = workspaceWith(BUNDLE, { files: manifest('ANYONE') });
    expect(JSON.parse(ws.webGet(`${URL}?format=json`, { user: OWNER }).body).active).toBe(OWNER);
    expect(JSON.parse(ws.webGet(`${URL}?format=json`).body).active).toBe('');
  });
});

// Service.getUrl "Returns the URL of the web app, if it has been deployed; otherwise returns null. If you are running
// the development mode web app, this returns the development mode url."
// (https://developers.google.com/apps-script/reference/script/service)
describe('ScriptApp.getService().getUrl()', () => {
  const URL_BUNDLE = `${BUNDLE}\nfunction url() { return ScriptApp.getService().getUrl(); }\nfunction doGetUrl(e) { return ContentService.createTextOutput(String(ScriptApp.getService().getUrl())); }`;
  const DEV = 'https://script.google.com/macros/s/EMULATED/dev';
  const OLDER = 'https://script.google.com/macros/s/OLDER/exec';

  it('outside a web request answers what it is told (the /dev URL, an older deployment, null); inside one, the URL of the request', () => {
    for (const outside of [DEV, OLDER, null]) {
      const ws = workspaceWith(
        URL_BUNDLE.replace('function doGet(e) {', 'function doGetOld(e) {').replace('doGetUrl', 'doGet'),
        {
          serviceUrlOutsideWeb: outside,
        },
      );
      expect(runOk(ws, 'url')).toBe(outside);
      expect(ws.webGet(URL).body).toBe(URL);
    }
  });

  it("ADV-577 opened with a browser account index (/macros/u/1/): repeats that address to the owner; anyone else meets Drive's page and the app does not run", () => {
    const ws = workspaceWith(
      URL_BUNDLE.replace('function doGet(e) {', 'function doGetOld(e) {').replace('doGetUrl', 'doGet'),
    );
    const indexed = 'https://script.google.com/macros/u/1/s/EMULATED/exec';
    expect(ws.webGet(`${indexed}?t=x`, { user: OWNER }).body).toBe(indexed);
    expect(ws.webGet(URL, { user: OWNER }).body).toBe(URL);
    const other = ws.webGet(`${indexed}?t=x`, { user: 'ana@example.org' });
    expect(other.title).toBe('Page not found');
    expect(other.body).toContain('Sorry, unable to open the file at present.');
    expect(other.record.calls).toEqual({});
    expect(ws.webGet(`${indexed}?t=x`).title).toBe('Page not found');
  });
});
