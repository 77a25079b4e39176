// Adversarial catalogue, a person's own words read back (ADV-522 onwards): a report's answers from the case Doc, a reply's words from mail.
import {
  ANA,
  BO,
  CY,
  LETTER,
  REPORT,
  type CaseInfo,
  type Desk,
  MODS,
  OWNER,
  caseAction,
  clear,
  docSection,
  mailsTo,
  outcomeOf,
  registryRows,
  sendLetter,
  startResolutionDesk,
  sweep,
  submitAnswers,
  vote,
  moderatorAnswer,
  writeTexts,
} from '../integration/desk';

jest.setTimeout(10 * 60 * 1000);

/** REPORT through the Form, with `extra` as the answer to "Anything else we should know?". */
function reportWithExtra(desk: Desk, extra: string): CaseInfo {
  const { responseId } = submitAnswers(
    desk,
    {
      'Your name': REPORT.reporter!.name!,
      'Your email address': REPORT.reporter!.email!,
      'Who was involved?': 'Sam Doe',
      'Where did it happen?': REPORT.where,
      'What happened?': REPORT.what!,
      'Were there witnesses?': REPORT.witnessAnswer,
      'Anything else we should know?': extra,
    },
    { reporter: REPORT.reporter, reported: [{ name: 'Sam Doe' }], witnesses: [{ name: 'Wes Tarn' }] },
  );
  const row = registryRows(desk, 'Cases').find((c) => c['Response ID'] === responseId)!;
  const info = { n: desk.cases.length + 1, caseId: row['Case ID'], codeName: row['Code Name'], docId: row['Doc ID'] };
  desk.cases.push(info);
  return info;
}

describe('adversarial: a person\u2019s words read back', () => {
  it('ADV-522 a reporter who writes a Form question on its own line inside an answer: the answers read back from the Doc stay the ones given', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY] });
    // Quoting the Form back, as people do in a last answer: the question, then their answer to it again.
    const kase = reportWithExtra(
      desk,
      'To add to my answer to\nWere there witnesses?\nSam Doe himself, who admitted it later.',
    );
    clear(desk, kase, ANA, BO, CY);
    expect(docSection(desk, kase, 'Report')).toContain('Sam Doe himself');
    writeTexts(desk, ANA, kase, { letter: `Sam Doe,\n\n${LETTER}` });
    caseAction(desk, ANA, kase, 'open-vote');
    for (const voter of [ANA, CY]) vote(desk, voter, kase, 'approve');
    const rec = caseAction(desk, ANA, kase, 'send-recommendation');
    // Before, the Doc's Report was split at that line as at the system's own question: "Sam Doe himself, who…" read as
    // the witnesses' answer, so the reported person (and "who") were guarded as a witness: the members were told the
    // recommendation identifies a witness ("a protected name Sam"), and a letter naming him was refused too.
    expect(outcomeOf(rec)).toBe('done');
    moderatorAnswer(desk, MODS[0], kase, 'accept');
    const sam = 'sam.doe@example.com';
    const visit = sendLetter(desk, ANA, kase, sam);
    expect(outcomeOf(visit)).toBe('done');
    expect(mailsTo(desk, sam, /./)).toHaveLength(1);
  });

  it('ADV-523 a reporter pastes what the reported person sent them under Outlook\u2019s "Original Message" divider, above the quote of our email: it is filed', () => {
    const desk = startResolutionDesk({ members: [ANA, BO, CY] });
    const kase = reportWithExtra(desk, 'Nothing else.');
    clear(desk, kase, ANA, BO, CY);
    const [receipt] = mailsTo(desk, REPORT.reporter!.email!, /./);
    /** The reporter's reply to the receipt, as her mail client wrote it (Gmail's quote of the receipt below it, or not). */
    const replyWith = (body: string, gmail: boolean) => {
      const sent = desk.ws.reply({ from: REPORT.reporter!.email!, original: receipt, text: 'x' });
      const copy = desk.ws.mailboxes.messages.find((m) => m.rfcId === sent.rfcId && m.mailbox === OWNER)!;
      const quote = copy.body.slice(copy.body.indexOf('\nOn '));
      copy.body = gmail ? `${body}${quote}` : body;
      sweep(desk);
      return docSection(desk, kase, 'Follow-up to the reporter');
    };
    // Gmail's quote of our email follows the pasted message; the divider above it heads his message, not ours.
    const evidence = replyWith(
      'Here is what he sent me last night:\n\n-----Original Message-----\nFrom: Sam Doe <sam.doe@example.com>\n' +
        'Sent: Sunday, March 1, 2026 11:40 PM\nTo: Rita Quell <rita.quell@example.net>\nSubject: your report\n\n' +
        'You will regret reporting me.\n',
      true,
    );
    // Before, the divider always ended her words: the members read "Here is what he sent me last night:" and nothing
    // more (the email itself archived in the committee account's mailbox, which they cannot open).
    expect(evidence).toContain('You will regret reporting me.');
    expect(evidence).not.toMatch(/^> /m);
    // An ordinary Outlook reply: the divider heads our own email, which is not filed again.
    const ours = replyWith(
      `Thank you, I will wait.\n\n-----Original Message-----\nFrom: ${receipt.name} <${OWNER}>\n` +
        `Sent: Monday, March 2, 2026 9:00 AM\nSubject: ${receipt.subject}\n\n${receipt.body}\n`,
      false,
    );
    expect(ours).toContain('Thank you, I will wait.');
    expect(ours.split('\n').filter((l) => l.includes(receipt.body.split('\n')[0]))).toEqual([]);
    // Outlook names a sender by the name alone when it knows the address: our name as we send it is ours too.
    const named = replyWith(`Noted.\n\n-----Original Message-----\nFrom: ${receipt.name}\n\n${receipt.body}\n`, false);
    expect(named).toContain('Noted.');
    expect(named.split('\n').filter((l) => l.includes(receipt.body.split('\n')[0]))).toEqual([]);
  });
});
