// The simulated people's HTML form reader: controls, labels, legends, and the entry list a browser would send; and what a person does on a page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  choose,
  cloneForm,
  decodeEntities,
  fill,
  formEntries,
  entriesToFields,
  isSubmitter,
  parsePage,
  resolveUrl,
  tick,
} from '../../../workbench/people/html-forms';
import { answerForPerson, confirmAsPerson, findOperation, refusalOf } from '../../../workbench/people/person';

const PAGE = `<!DOCTYPE html>
<html lang="en"><head><title>Vote &mdash; brave otter</title>
<style>form { color: red } /* <form action="nope"> */</style>
<script>var s = "<form action='fake'></form>";</script></head>
<body><main data-outcome="">
<h1>Vote on <span>brave otter</span></h1>
<!-- <form action="commented-out"></form> -->
<form method="POST" action="https://script.google.com/macros/s/EMULATED/exec">
  <input type="hidden" name="t" value="tok&amp;en.sig">
  <fieldset><legend>Your vote</legend>
    <label><input type="radio" name="choice" value="approve"> Approve</label>
    <label><input type="radio" name="choice" value="reject" checked> Reject</label>
    <input type="radio" id="abs" name="choice" value="abstain"><label for="abs">Abstain</label>
  </fieldset>
  <label for="c1">I confirm</label><input type="checkbox" id="c1" name="confirm" value="yes" required>
  <input type="checkbox" name="extra">
  <input type="text" name="disabled-field" value="x" disabled>
  <select name="space"><option>Forum</option><option value="discord" selected>Discord</option></select>
  <select name="none"><option value="a">A</option><option value="b">B</option></select>
  <textarea name="details">
line one &lt;b&gt;</textarea>
  <button type="submit" name="op" value="vote">Record my vote</button>
  <button type="button" name="ignored" value="1">Cancel</button>
  <input type="submit" name="op" value="abstain-all">
</form>
<form action="other"><input name="q" value="1"><button>Go</button></form>
<a href="https://example.org/x?a=1&amp;b=2">A link</a>
</main></body></html>`;

describe('parsePage', () => {
  const page = parsePage(PAGE);
  const form = page.forms[0];

  it('reads the title, heading and text, ignoring comments, scripts and styles', () => {
    expect(page.title).toBe('Vote — brave otter');
    expect(page.heading).toBe('Vote on brave otter');
    expect(page.forms).toHaveLength(2);
    expect(page.forms.map((f) => f.action)).toEqual(['https://script.google.com/macros/s/EMULATED/exec', 'other']);
    expect(page.text).not.toMatch(/color: red|var s/);
    expect(page.links).toEqual([{ href: 'https://example.org/x?a=1&b=2', text: 'A link' }]);
  });

  it('reads every control with its label, legend, value and state', () => {
    expect(form.method).toBe('post');
    const byName = (name: string) => form.controls.filter((c) => c.name === name);
    expect(byName('t')[0]).toMatchObject({ type: 'hidden', value: 'tok&en.sig' });
    expect(byName('choice').map((c) => [c.value, c.label, c.legend, c.checked])).toEqual([
      ['approve', 'Approve', 'Your vote', false],
      ['reject', 'Reject', 'Your vote', true],
      ['abstain', 'Abstain', 'Your vote', false],
    ]);
    expect(byName('confirm')[0]).toMatchObject({
      type: 'checkbox',
      value: 'yes',
      required: true,
      label: 'I confirm',
      checked: false,
    });
    expect(byName('extra')[0].value).toBe('on');
    expect(byName('details')[0].value).toBe('line one <b>');
    expect(byName('space')[0].options).toEqual([
      { value: 'Forum', text: 'Forum', selected: false },
      { value: 'discord', text: 'Discord', selected: true },
    ]);
    expect(byName('none')[0].options[0].selected).toBe(true);
    const submitters = form.controls.filter(isSubmitter);
    expect(submitters.map((c) => [c.value, c.label])).toEqual([
      ['vote', 'Record my vote'],
      ['abstain-all', 'abstain-all'],
    ]);
    expect(page.forms[1].controls.filter(isSubmitter)).toHaveLength(1);
  });

  it('builds the entry list as a browser does: checked boxes only, the pressed button only, no disabled fields', () => {
    const submitter = form.controls.find((c) => isSubmitter(c) && c.value === 'vote') ?? null;
    expect(formEntries(form, submitter)).toEqual([
      ['t', 'tok&en.sig'],
      ['choice', 'reject'],
      ['space', 'discord'],
      ['none', 'a'],
      ['details', 'line one <b>'],
      ['op', 'vote'],
    ]);
    expect(entriesToFields(formEntries(form, null))).toEqual({
      t: 'tok&en.sig',
      choice: 'reject',
      space: 'discord',
      none: 'a',
      details: 'line one <b>',
    });
  });

  it('fills a copy like a person, leaving the parsed page untouched', () => {
    const copy = cloneForm(form);
    expect(tick(copy, 'confirm')).toBe(1);
    expect(choose(copy, 'choice', 'approve')).toBe(true);
    expect(choose(copy, 'choice', 'maybe')).toBe(false);
    expect(fill(copy, 'details', 'new text')).toBe(true);
    expect(fill(copy, 'space', 'Forum')).toBe(true);
    expect(fill(copy, 'missing', 'x')).toBe(false);
    expect(fill(copy, 't', 'forged')).toBe(false); // hidden fields are not typed into
    expect(entriesToFields(formEntries(copy, null))).toEqual({
      t: 'tok&en.sig',
      choice: 'approve',
      confirm: 'yes',
      space: 'Forum',
      none: 'a',
      details: 'new text',
    });
    expect(form.controls.find((c) => c.name === 'confirm')?.checked).toBe(false);
  });

  it('sanitizes typed values as a browser does: no line breaks in single-line fields, emails trimmed', () => {
    const page2 = parsePage(
      '<form><input type="email" name="to"><input name="name"><textarea name="details"></textarea></form>',
    );
    const f = cloneForm(page2.forms[0]);
    fill(f, 'to', ' sam@example.net\r\nBcc: all@example.org ');
    fill(f, 'name', 'a\nb');
    fill(f, 'details', 'line 1\nline 2');
    expect(entriesToFields(formEntries(f))).toEqual({
      to: 'sam@example.netBcc: all@example.org',
      name: 'ab',
      details: 'line 1\nline 2',
    });
  });

  it('finds an operation by op value, then by hidden op, then by button text', () => {
    expect(findOperation(page, 'vote')?.submitter?.value).toBe('vote');
    const hidden = parsePage(
      '<form method="post"><input type="hidden" name="op" value="no-conflict"><input type="checkbox" name="confirm" value="yes"><button type="submit">Confirm: no conflict</button></form><form method="post"><input type="hidden" name="op" value="conflict"><button>Record my conflict</button></form>',
    );
    expect(findOperation(hidden, 'no-conflict')?.form.index).toBe(0);
    expect(findOperation(hidden, 'conflict')?.form.index).toBe(1);
    const byText = parsePage('<form method="post"><button name="action" value="x">Open a vote</button></form>');
    expect(findOperation(byText, 'openVote')?.submitter?.label).toBe('Open a vote');
    expect(findOperation(byText, 'sendLetter')).toBeNull();
  });

  it('ticks the confirmation box and required boxes, nothing else', () => {
    const copy = cloneForm(form);
    confirmAsPerson(copy);
    expect(copy.controls.filter((c) => c.type === 'checkbox' && c.checked).map((c) => c.name)).toEqual(['confirm']);
  });

  it('tells a refusal from a success', () => {
    expect(refusalOf(parsePage('<main data-outcome="refused"><h1>Not sent</h1></main>'))).toBe('"Not sent"');
    expect(
      refusalOf(parsePage('<h1>Vote</h1><div class="notice warn" role="alert"><p>Please tick the box.</p></div>')),
    ).toBe('Please tick the box.');
    expect(
      refusalOf(parsePage('<main data-outcome="done"><h1>Thank you</h1><div role="status">Saved.</div></main>')),
    ).toBe('');
  });

  it('decodes the character references pages use', () => {
    expect(decodeEntities('&lt;a&gt; &amp;amp; &quot;q&quot; &#39;s&#39; &#x2014; &nbsp;&unknown;')).toBe(
      '<a> &amp; "q" \'s\' — \u00a0&unknown;',
    );
  });

  it('resolves form actions against the page', () => {
    expect(resolveUrl('', 'https://x.example/exec?t=1')).toBe('https://x.example/exec?t=1');
    expect(resolveUrl('other', 'https://x.example/macros/exec?t=1')).toBe('https://x.example/macros/other');
    expect(resolveUrl('https://y.example/a', 'https://x.example/')).toBe('https://y.example/a');
  });
});

describe('the onboarding page (src/pages/onboarding.html markup)', () => {
  // The template's loop, unrolled for two people, exactly as the scriptlets would print it.
  const template = readFileSync(join(__dirname, '..', '..', '..', 'src', 'pages', 'onboarding.html'), 'utf8');
  // The loop's body runs to the `<? } ?>` that closes it: the last one before the confirmation checkbox (an `if` inside
  // the loop has its own).
  const loop =
    /<\? for \(var i = 0; i < people\.length; i\+\+\) \{ \?>([\s\S]*)<\? } \?>\s*<\/div>\s*<label class="check"/.exec(
      template,
    );
  const people = [
    { label: 'Sam Doe', field: 'person-0' },
    { label: 'Alex Rivers', field: 'person-1' },
  ];
  const unrolled = people
    .map((p) =>
      (loop?.[1] ?? '')
        .replace('<?= people[i].label ?>', p.label)
        .replace(/<\?= people\[i\]\.field \?>/g, p.field)
        .replace(/<\? if \(people\[i\]\.code\) \{ \?>[\s\S]*?<\? } \?>/, ''),
    )
    .join('');
  const html = template
    .replace((loop?.[0] ?? '').replace(/\s*<\/div>\s*<label class="check"$/, ''), unrolled)
    .replace(/<\?!?=[^?]*\?>/g, 'x')
    .replace(/<\?[\s\S]*?\?>/g, '');

  it('has the person fieldsets the runner answers', () => {
    expect(loop).not.toBeNull();
    const form = cloneForm(parsePage(html).forms[0]);
    expect(answerForPerson(form, 'sam doe', 'no-conflict')).toBe(true);
    expect(answerForPerson(form, 'Alex Rivers', 'conflict')).toBe(true);
    expect(answerForPerson(form, 'Morgan Lee', 'conflict')).toBe(false);
    confirmAsPerson(form);
    const fields = entriesToFields(formEntries(form, form.controls.find(isSubmitter)));
    expect(fields).toMatchObject({ op: 'onboard', confirm: 'yes', 'person-0': 'no-conflict', 'person-1': 'conflict' });
  });
});
