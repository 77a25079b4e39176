// Adversarial catalogue, a protected person written another way (ADV-625 onwards): encoded names in a recommendation, and a proposal's text held to the redaction guard's forms.
import {
  ANA,
  CY,
  DEE,
  EVE,
  MODS,
  answerConflict,
  caseAction,
  clear,
  newestLink,
  open,
  outcomeOf,
  pageText,
  press,
  registryRows,
  reportCase,
  startDesk,
  startResolutionDesk,
  submitAnswers,
  vote,
  writeTexts,
  type Desk,
  type MemberSpec,
  type Visit,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

const GUARD_LINE = /The redaction guard found text that could identify the reporter or a witness/;

/** A case reported by `reporter`, its plan `plan`, voted through: Ana sends the recommendation. */
function sendPlan(reporter: { name: string; email: string }, plan: string): { desk: Desk; sent: Visit } {
  const desk = startResolutionDesk({ members: [ANA, CY, DEE] });
  const kase = reportCase(desk, { reporter });
  clear(desk, kase, ANA, CY, DEE);
  writeTexts(desk, ANA, kase, { plan });
  caseAction(desk, ANA, kase, 'open-vote');
  vote(desk, ANA, kase, 'approve');
  vote(desk, CY, kase, 'approve');
  return { desk, sent: caseAction(desk, ANA, kase, 'send-recommendation') };
}

function expectRefused(desk: Desk, sent: Visit): void {
  expect(outcomeOf(sent)).toBe('refused');
  expect(pageText(sent)).toMatch(GUARD_LINE);
  for (const moderator of MODS) expect(desk.ws.mailTo(moderator)).toEqual([]);
  expect(registryRows(desk, 'Moderation')).toEqual([]);
}

function propose(desk: Desk, member: MemberSpec, text: string): Visit {
  return press(desk, open(desk, newestLink(desk, member.email, 'propose').url), 'propose', {
    fields: { title: 'Replies clause', text, days: '3' },
  });
}

describe('adversarial: a protected person written another way', () => {
  it('ADV-625 a member pastes the reporter\u2019s profile link as the address bar copies it (%C5%81ukasz, UTF-8 percent-encoded) into the plan: the recommendation is refused', () => {
    const { desk, sent } = sendPlan(
      { name: '\u0141ukasz Nowak', email: 'lnowak@example.net' },
      'Do not reply in the thread forum.example.org/u/%C5%81ukasz again, nor mention %C5%81ukasz anywhere.',
    );
    // Before: only %20..%7F were read, so "%C5%81ukasz" was not Łukasz: the plan went to both moderators.
    expectRefused(desk, sent);
  });

  it('ADV-626 a member quotes the reporter\u2019s mail from Gmail\u2019s "Show original" (quoted-printable: a soft line break inside her name) into the plan: the recommendation is refused', () => {
    const { desk, sent } = sendPlan(
      { name: 'Jos\u00e9 Wojcik', email: 'jw@example.net' },
      'Stop the messages he quoted as:\n> Dear Jos=C3=A9, you will regret this, and so will Ri=\nta.\nNo further contact.',
    );
    // Before: "Jos=C3=A9" was not José (nor "Ri=\nta" Rita, a witness of nothing here): the plan went to both moderators.
    expectRefused(desk, sent);
  });

  describe('a proposed change to the Code of Conduct', () => {
    const KEMAL = { name: 'Rita Quell', email: 'kemal.nakagawa@example.com' };
    function world(): Desk {
      return startDesk({ members: [ANA, CY, DEE, EVE] });
    }

    it.each([
      [
        'the local part of the reporter\u2019s address alone',
        KEMAL,
        'Replies like those kemal.nakagawa got should be covered.',
      ],
      [
        'a +tag spelling of the reporter\u2019s address',
        KEMAL,
        'A mail to Kemal.Nakagawa+coc@example.com showed the gap.',
      ],
      [
        'a dotted Gmail spelling',
        { name: 'Rita Quell', email: 'kestrel77@gmail.com' },
        'Mail to k.estrel77@googlemail.com showed the gap.',
      ],
      [
        'a name on file percent-encoded in a link',
        { name: '\u0141ukasz \u017bak', email: 'lz@example.net' },
        'See forum.example.org/u/%C5%81ukasz_%C5%BBak for the thread.',
      ],
    ])(
      'ADV-627 a voting member\u2019s proposed text names the reporter by %s: refused as the redaction guard refuses it',
      (_, reporter, text) => {
        const desk = world();
        const kase = reportCase(desk, { reporter, where: '' });
        answerConflict(desk, kase, DEE);
        const sent = desk.ws.mailTo(DEE.email).length;
        // Before: taken, the text mailed to every voting member and adviser (Dee, conflicted on the case, among them).
        expect(pageText(propose(desk, ANA, text))).toMatch(
          /The text names someone of a report.*Nothing has been changed/,
        );
        expect(registryRows(desk, 'Proposals')).toEqual([]);
        expect(desk.ws.mailTo(DEE.email)).toHaveLength(sent);
      },
    );

    it('ADV-628 a proposed text gives a witness\u2019s @handle that is also a word of the reported person\u2019s name (@sam, Sam Doe): refused', () => {
      const desk = world();
      reportCase(desk, { where: '', witnessAnswer: 'Wes Tarn (@sam)' });
      // Before: the handle "sam" was taken for the first name of Sam Doe, on file first, and a first name passes.
      expect(pageText(propose(desk, ANA, 'Replies like those of @sam last month should be covered.'))).toMatch(
        /The text names someone of a report/,
      );
      expect(registryRows(desk, 'Proposals')).toEqual([]);
    });

    it('a proposed text naming the person a report was made for is refused, and their first name alone is taken (guard)', () => {
      const desk = world();
      submitAnswers(
        desk,
        {
          'Your name': 'Rita Quell',
          'Who was involved?': 'Sam Doe',
          'What happened?': 'Repeated unwelcome comments in the chat after being asked to stop.',
          'Are you reporting on behalf of someone else?': 'Yes',
          'Who are you reporting on behalf of?': 'Noor Haddad',
        },
        { reporter: { name: 'Rita Quell' }, reported: [{ name: 'Sam Doe' }], witnesses: [{ name: 'Noor Haddad' }] },
      );
      expect(pageText(propose(desk, ANA, 'What Noor Haddad went through shows the gap.'))).toMatch(
        /The text names someone of a report/,
      );
      expect(pageText(propose(desk, ANA, 'Noor suggested a pause clause.'))).toMatch(/Proposal 1 is open/);
    });
  });
});
