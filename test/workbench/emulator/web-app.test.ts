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
