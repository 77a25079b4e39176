// Link picking: labels (both the architecture's and src/core/messages.ts's wording), newest email first, and which case a mail is about.
import {
  accessGrantedMessage,
  committeeAlertMessage,
  onboardingMessage,
  recommendationMessage,
  screeningMessage,
  urgentAlertMessage,
  voteOpenedMessage,
} from '../../../src/core/messages';
import {
  candidateLinks,
  extractLinks,
  linkIsAbout,
  mentions,
  pickLink,
  splitNames,
  type CaseClue,
  type MailLike,
} from '../../../workbench/people/links';

const APP = 'https://script.google.com/macros/s/EMULATED/exec';
const url = (t: string) => `${APP}?t=${t}`;
let seq = 0;
function mail(to: string, message: { subject: string; body: string; htmlBody: string }, at: number): MailLike {
  return { seq: seq++, at, to: [to], cc: [], bcc: [], ...message };
}

const ANA = 'ana@example.org';
const case1: CaseClue = { n: 1, codeName: 'brave otter', reportedNames: ['Sam Doe'], reportedAt: 1000 };
const case2: CaseClue = { n: 2, codeName: 'quiet maple', reportedNames: ['Alex Rivers'], reportedAt: 2000 };
const case3: CaseClue = { n: 3, codeName: 'amber kite', reportedNames: [], reportedAt: 3000 };
const cases = [case1, case2, case3];

const screening = (names: string[], tag: string) =>
  screeningMessage({
    memberName: 'Ana',
    reportedNames: names,
    noConflictUrl: url(`nc-${tag}`),
    conflictUrl: url(`c-${tag}`),
    expiresOn: '2026-04-01',
  });

describe('extractLinks', () => {
  it('reads the label on the line before a URL standing alone (messages.ts layout)', () => {
    const links = extractLinks(screening(['Sam Doe'], '1'));
    expect(links.map((l) => [l.label, l.url])).toEqual([
      ['I have no conflict of interest (gives me access to the case document)', url('nc-1')],
      ['I have a conflict of interest', url('c-1')],
    ]);
  });

  it('reads `Label: <url>` on one line (architecture.md layout) and tracks the code name before each link', () => {
    const links = extractLinks(
      {
        subject: 'Reminders',
        body: 'brave otter\nCase page: https://a.example/1\n\nquiet maple\n- Case page: https://a.example/2.\nNo label https://a.example/3',
      },
      ['brave otter', 'quiet maple'],
    );
    expect(links).toEqual([
      { label: 'Case page', url: 'https://a.example/1', context: 'brave otter' },
      { label: 'Case page', url: 'https://a.example/2', context: 'quiet maple' },
      { label: '', url: 'https://a.example/3', context: 'quiet maple' },
    ]);
  });

  it('falls back to the HTML anchors when the plain body has no link', () => {
    const links = extractLinks(
      {
        subject: 'Access granted: brave otter',
        body: 'no links here',
        htmlBody: '<p>Hi</p><a href="https://a.example/x">Case page</a><a href="mailto:x@example.org">mail</a>',
      },
      ['brave otter'],
    );
    expect(links).toEqual([{ label: 'Case page', url: 'https://a.example/x', context: 'brave otter' }]);
  });
});

describe('pickLink', () => {
  const box: MailLike[] = [
    mail(ANA, screening(['Sam Doe'], '1'), 1000),
    mail(
      ANA,
      accessGrantedMessage({
        memberName: 'Ana',
        codeName: 'brave otter',
        docUrl: 'https://docs.google.com/document/d/1',
        casePageUrl: url('case-1'),
      }),
      1100,
    ),
    mail(ANA, screening(['Alex Rivers'], '2'), 2000),
    mail(ANA, urgentAlertMessage({ codeName: 'quiet maple', casePageUrl: url('urgent-2') }), 2001),
    mail(
      ANA,
      accessGrantedMessage({
        memberName: 'Ana',
        codeName: 'quiet maple',
        docUrl: 'https://docs.google.com/document/d/2',
        casePageUrl: url('case-2'),
      }),
      2100,
    ),
    mail(
      ANA,
      voteOpenedMessage({
        memberName: 'Ana',
        codeName: 'brave otter',
        voteUrl: url('vote-1'),
        required: 2,
        eligible: 3,
      }),
      2200,
    ),
    mail(ANA, screening([], '3'), 3000),
    mail('bo@example.org', screening(['Sam Doe'], 'bo'), 1000),
    mail(
      ANA,
      committeeAlertMessage({
        title: 'Access drift repaired',
        lines: ['One editor removed.'],
        codeName: 'brave otter',
      }),
      3100,
    ),
  ];

  it('picks the screening link of the right case by the reported person it names', () => {
    expect(pickLink(box, ANA, 'no-conflict', { target: case1, cases })?.url).toBe(url('nc-1'));
    expect(pickLink(box, ANA, 'conflict', { target: case2, cases })?.url).toBe(url('c-2'));
  });

  it('takes a screening email that names nobody as the one for a report that named nobody', () => {
    expect(pickLink(box, ANA, 'no-conflict', { target: case3, cases })?.url).toBe(url('nc-3'));
  });

  it('picks the newest case page link about the case by its code name', () => {
    expect(pickLink(box, ANA, 'case', { target: case1, cases })?.url).toBe(url('case-1'));
    // The urgent alert came before the access email: the newest email holding the label wins.
    expect(pickLink(box, ANA, 'case', { target: case2, cases })?.url).toBe(url('case-2'));
    expect(pickLink(box, ANA, 'vote', { target: case1, cases })?.url).toBe(url('vote-1'));
    expect(pickLink(box, ANA, 'vote', { target: case2, cases })).toBeNull();
  });

  it("only looks in the person's own mailbox, and only at web app links when asked", () => {
    expect(pickLink(box, 'bo@example.org', 'no-conflict', { target: case1, cases })?.url).toBe(url('nc-bo'));
    expect(pickLink(box, 'farah@example.org', 'no-conflict', { target: case1, cases })).toBeNull();
    expect(candidateLinks(box, ANA, 'case', { urlPrefix: 'https://elsewhere.example/' })).toEqual([]);
  });

  it('never takes an email older than the report', () => {
    const early = [mail(ANA, screening([], 'early'), 500)];
    expect(pickLink(early, ANA, 'no-conflict', { target: case3, cases })).toBeNull();
  });

  it('finds the moderator link (no code name in a recommendation) and the onboarding link', () => {
    const mods = [
      mail(
        'mods@example.org',
        recommendationMessage({
          spaceName: 'Discourse',
          plan: 'Be kind.',
          consequences: 'A warning.',
          moderatorUrl: url('mod-1'),
          respondWithinDays: 7,
        }),
        2500,
      ),
    ];
    expect(pickLink(mods, 'mods@example.org', 'moderator', { target: case1, cases })?.url).toBe(url('mod-1'));
    const gus = [
      mail('gus@example.org', onboardingMessage({ memberName: 'Gus', onboardUrl: url('onb'), count: 2 }), 4000),
    ];
    expect(pickLink(gus, 'gus@example.org', 'onboard')?.url).toBe(url('onb'));
    expect(pickLink(gus, 'gus@example.org', 'conflict')).toBeNull();
  });

  it("accepts the architecture's fixed labels as well", () => {
    const fixed: MailLike[] = [
      {
        seq: 1,
        at: 5000,
        to: [ANA],
        subject: 'brave otter',
        body: `No conflict: ${url('a')}\nConflict: ${url('b')}\nCase page: ${url('c')}\nVote: ${url('d')}\nRespond: ${url('e')}\nOnboarding: ${url('f')}`,
      },
    ];
    const got = (['no-conflict', 'conflict', 'case', 'vote', 'moderator', 'onboard'] as const).map(
      (k) => pickLink(fixed, ANA, k)?.url,
    );
    expect(got).toEqual(['a', 'b', 'c', 'd', 'e', 'f'].map(url));
  });
});

describe('linkIsAbout', () => {
  it('lets a code name before the link decide over anything else in the mail', () => {
    const m: MailLike = {
      at: 9999,
      to: [ANA],
      subject: 'Two cases',
      body: `quiet maple\nCase page:\n${url('x')}\nThis follows up on Sam Doe and brave otter.`,
    };
    const [link] = extractLinks(m, ['brave otter', 'quiet maple']);
    expect(linkIsAbout(m, link, case2, cases)).toBe(true);
    expect(linkIsAbout(m, link, case1, cases)).toBe(false);
  });
});

describe('helpers', () => {
  it('splits the reported names a reporter typed', () => {
    expect(splitNames('Sam Doe, Dee Dash and Jo Kim; x\nPat & Lee')).toEqual([
      'Sam Doe',
      'Dee Dash',
      'Jo Kim',
      'Pat',
      'Lee',
    ]);
    expect(splitNames(['A B', 'C D'])).toEqual(['A B', 'C D']);
    expect(splitNames(undefined)).toEqual([]);
    expect(splitNames('sam@example.net')).toEqual([]);
  });

  it('matches whole words only, across spacing and case', () => {
    expect(mentions('Access granted: Brave  Otter', 'brave otter')).toBe(true);
    expect(mentions('unbrave otters', 'brave otter')).toBe(false);
    expect(mentions('anything', '')).toBe(false);
  });
});

describe('a long scenario (many cases, much mail)', () => {
  it('ADV-170 reads only the newest mail it needs, and builds each name pattern once, however long the mailbox', () => {
    // The runner chooses a link for every step. Each mail's every line was matched against a regular expression built
    // afresh for every known code name, and every mail of the mailbox was read even after the first five candidates:
    // 60 reports and 180 answers spent two thirds of a scenario's time here, and it grew with cases × mail.
    const many: CaseClue[] = Array.from({ length: 120 }, (_, i) => ({
      n: i + 1,
      codeName: `word${i} thing${i}`,
      reportedNames: [`Person${i} Doe`],
      reportedAt: 1000 + i,
    }));
    let bodiesRead = 0;
    const box = Array.from({ length: 600 }, (_, i) => {
      const m = mail(ANA, screening([`Person${i % 120} Doe`], `m${i}`), 1000 + i);
      const body = m.body;
      return Object.defineProperty(m, 'body', { get: () => (bodiesRead++, body), enumerable: true });
    });
    const built = jest.spyOn(global, 'RegExp');
    try {
      expect(pickLink(box, ANA, 'no-conflict', { target: many[119], cases: many })?.url).toBe(url('nc-m599'));
      expect(bodiesRead).toBeLessThanOrEqual(3);
      for (let i = 0; i < 3; i++) {
        const links = candidateLinks(box, ANA, 'no-conflict', {
          target: many[i],
          cases: many,
          urlPrefix: APP,
          limit: 5,
        });
        expect(links.map((l) => l.url)).toEqual([480, 360, 240, 120, 0].map((k) => url(`nc-m${k + i}`)));
      }
      // Two patterns per name at most (a whole-word test and a search), not one per line per mail per name.
      expect(built.mock.calls.length).toBeLessThan(2 * 2 * many.length);
    } finally {
      built.mockRestore();
    }
  });

  it('still tells a code name in odd case or spacing, and one written with look-alike letters that fold to it', () => {
    const names = ['brave otter', 'quiet maple'];
    expect(
      extractLinks({ subject: 'x', body: 'BRAVE   Otter\nCase page: https://a.example/1' }, names)[0].context,
    ).toBe('brave otter');
    // Under /iu the long s (ſ) and the Kelvin sign (K) match s and k, as before.
    expect(
      extractLinks({ subject: 'x', body: 'quiet maple, ſam\nCase page: https://a.example/1' }, ['ſam', ...names])[0]
        .context,
    ).toBe('ſam');
    expect(
      extractLinks(
        { subject: 'quiet maple', body: 'bra\u017fe otter? no: \u212Aite\nCase page: https://a.example/1' },
        ['kite', ...names],
      )[0].context,
    ).toBe('kite');
    // An anchor's text is read with its entities decoded, so a name spelled with one still counts there.
    const html = {
      subject: 'x',
      body: 'no link',
      htmlBody: '<p>&#98;rave otter</p><a href="https://a.example/x">Case page</a>',
    };
    expect(extractLinks(html, names)[0].context).toBe('brave otter');
  });
});
