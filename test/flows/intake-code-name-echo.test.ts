// A case's code name and person codes echo no identity in the report: not the reporter's address, a witness's handle, or a reported person's address.
import { runIntake, type IntakeOutcome } from '../../src/flows/intake';
import { flowBench } from '../support/in-process';

const BASE = {
  'Your email address': 'rita@example.net',
  'Who was involved?': 'Sam Doe',
  'What happened?': 'Sam kept sending me messages after I asked them to stop.',
  'Is anyone in immediate danger?': 'No',
};

/** Intake of one report on a fresh bench (same seed each time): the code name and the person codes given. */
function codesFor(answers: Record<string, string>): string[] {
  const bench = flowBench();
  const outcome = bench.flow((ctx) => runIntake(ctx, { responseId: 'r1', receivedAt: bench.ws.rt.now(), answers }), {
    actor: 'form',
  }) as IntakeOutcome;
  if (outcome.kind !== 'created') throw new Error(`expected a new case, got ${outcome.kind}`);
  const persons = (JSON.parse(bench.registry('Cases')[0].Flags) as { persons: string[] }).persons;
  return [outcome.codeName, ...persons];
}

describe('code names at intake', () => {
  // The seed draws the same names whatever the report says, unless a name rules them out.
  const [adjective, noun] = codesFor(BASE)[0].split(' ');
  const words = (codes: string[]) => codes.flatMap((c) => c.split(' '));

  test('the reporter address spelling the drawn words rules them out', () => {
    const codes = codesFor({ ...BASE, 'Your email address': `${adjective}.${noun}@example.net` });
    expect(words(codes)).not.toContain(adjective);
    expect(words(codes)).not.toContain(noun);
  });

  test('a witness named by a handle spelling the drawn words rules them out', () => {
    const codes = codesFor({ ...BASE, 'Were there witnesses?': `@${adjective}_${noun}` });
    expect(words(codes)).not.toContain(adjective);
    expect(words(codes)).not.toContain(noun);
  });

  test('a reported person named by an address spelling the drawn words rules them out', () => {
    const codes = codesFor({ ...BASE, 'Who was involved?': `${adjective}.${noun}@example.org` });
    expect(words(codes)).not.toContain(adjective);
    expect(words(codes)).not.toContain(noun);
  });
});
