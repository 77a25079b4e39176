// Conformance tests for HtmlService templates (contextual escaping of <?= ?>, raw <?!= ?>, code scriptlets) and HtmlOutput.

import * as vm from 'node:vm';
import { runError, runOk, workspaceWith } from './test-helpers';

const NASTY = `</script><img src=x onerror=alert(1)> "Bo" & 'Al' = \`x\``;

const PAGE = `<p>Hello <?= name ?></p>
<a id="a1" href="<?= link ?>" title='<?= name ?>' data-x=<?= short ?>>x</a>
<a id="a2" href="https://x.example/confirm?t=<?= token ?>">c</a>
<button onclick="go(<?= name ?>)">b</button>
<style>.c { color: <?= color ?>; }</style>
<script>
  var name = <?= name ?>;
  var count = <?= count ?>;
  var greeting = 'hi <?= name ?>';
</script>
<ul><? for (var i = 0; i < items.length; i++) { ?><li><?= items[i] ?></li><? } ?></ul>
<?!= raw ?>
<footer><?= helper() ?></footer>`;

const BUNDLE = `
function helper() { return 'from the bundle'; }
function render(vars) {
  var t = HtmlService.createTemplateFromFile('page');
  Object.keys(vars).forEach(function (k) { t[k] = vars[k]; });
  return t.evaluate().getContent();
}
function fromString(src, vars) {
  var t = HtmlService.createTemplate(src);
  Object.keys(vars || {}).forEach(function (k) { t[k] = vars[k]; });
  return t.evaluate().getContent();
}
function code(src) { return HtmlService.createTemplate(src).getCode(); }
function missing() { return HtmlService.createTemplateFromFile('nope'); }
function plainFile() { return HtmlService.createHtmlOutputFromFile('page').getContent(); }
function output() {
  var o = HtmlService.createHtmlOutput('<b>hi</b>').setTitle('Case page').addMetaTag('viewport', 'width=device-width')
    .setXFrameOptionsMode(HtmlService.XFrameOptionsMode.DEFAULT).setSandboxMode(HtmlService.SandboxMode.IFRAME).append('<i>x</i>');
  o.appendUntrusted('<u>');
  return [o.getContent(), o.getTitle(), o.getMetaTags()[0].getName()];
}
function badMeta() { return HtmlService.createHtmlOutput('').addMetaTag('refresh', '0'); }
`;

function render(vars: Record<string, unknown>): string {
  const ws = workspaceWith(BUNDLE, { files: { 'page.html': PAGE } });
  return runOk<string>(ws, 'render', [vars]);
}

const VARS = {
  name: NASTY,
  link: 'javascript:alert(1)',
  short: 'a b=c`',
  token: 'a b&c/d',
  color: 'red',
  count: 3,
  items: ['<x>', 'y'],
  raw: '<b>bold</b>',
};

/** The text of the <script> element in the rendered page. */
function scriptOf(html: string): string {
  const m = /<script>([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no script block');
  return m[1];
}

describe('HtmlService templates', () => {
  it('escapes printed values in HTML text', () => {
    expect(render(VARS)).toContain(
      '<p>Hello &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;Bo&quot; &amp; &#39;Al&#39; = `x`</p>',
    );
  });

  it('escapes printed values in quoted attributes, and also whitespace, = and backtick in unquoted ones', () => {
    const html = render(VARS);
    expect(html).toContain(
      `title='&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;Bo&quot; &amp; &#39;Al&#39; = \`x\`'`,
    );
    expect(html).toContain('data-x=a&#32;b&#61;c&#96;>');
  });

  it('filters unsafe URL schemes at the start of a URL attribute and percent-encodes values later in a URL', () => {
    const html = render(VARS);
    expect(html).toContain('href="#zSoyz"');
    expect(html).toContain('href="https://x.example/confirm?t=a%20b%26c%2Fd"');
    expect(render({ ...VARS, link: 'https://example.org/a?b=1&c=2' })).toContain(
      'href="https://example.org/a?b=1&amp;c=2"',
    );
  });

  it('prints JavaScript values inside <script>: quoted safe strings, bare numbers, and string-escaped text inside literals', () => {
    const script = scriptOf(render(VARS));
    expect(script).not.toMatch(/<\/script/i);
    expect(script).toContain('var count =  3 ;');
    const sandbox: Record<string, unknown> = {};
    vm.runInNewContext(script, sandbox);
    expect(sandbox.name).toBe(NASTY);
    expect(sandbox.count).toBe(3);
    expect(sandbox.greeting).toBe(`hi ${NASTY}`);
  });

  it('prints JavaScript values inside event-handler attributes', () => {
    expect(render(VARS)).toMatch(/onclick="go\(&#39;\\x3c\\\/script\\x3e/);
  });

  it('filters values printed into CSS', () => {
    expect(render(VARS)).toContain('color: red;');
    expect(render({ ...VARS, color: 'red;background:url(x)' })).toContain('color: zSoyz;');
  });

  it('force-prints <?!= ?> unescaped', () => {
    expect(render(VARS)).toContain('\n<b>bold</b>\n');
  });

  it('runs <? ?> code scriptlets, with template properties in scope', () => {
    expect(render(VARS)).toContain('<ul><li>&lt;x&gt;</li><li>y</li></ul>');
  });

  it('runs template code in the bundle realm, so bundle globals are callable', () => {
    expect(render(VARS)).toContain('<footer>from the bundle</footer>');
  });

  it('compiles to code that getCode() shows', () => {
    const ws = workspaceWith(BUNDLE);
    const code = runOk<string>(ws, 'code', ['<p><?= a ?></p><?!= b ?><? var c = 1; ?>']);
    expect(code).toContain('output._$ = (a);');
    expect(code).toContain('output._ = (b);');
    expect(code).toContain('var c = 1;');
    expect(runOk(ws, 'fromString', ['<p><?= a ?></p><?!= b ?>', { a: '<', b: '<' }])).toBe('<p>&lt;</p><');
  });

  it('fails for a missing template file', () => {
    expect(runError(workspaceWith(BUNDLE), 'missing')).toBe('No HTML file named nope was found.');
  });

  it('serves a file as is from createHtmlOutputFromFile, without evaluating scriptlets', () => {
    expect(runOk(workspaceWith(BUNDLE, { files: { 'page.html': PAGE } }), 'plainFile')).toBe(PAGE);
  });

  it('builds HtmlOutput with title, meta tags, modes and appended content', () => {
    expect(runOk(workspaceWith(BUNDLE), 'output')).toEqual(['<b>hi</b><i>x</i>&lt;u&gt;', 'Case page', 'viewport']);
  });

  it('accepts only the allowed meta tags', () => {
    expect(runError(workspaceWith(BUNDLE), 'badMeta')).toMatch(/refresh/);
  });
});
