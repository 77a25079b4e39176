// The letter's required parts (seed "Follow up with the reported person": neutral description, impact, plan, consequences): split from the members' text, and every missing one named before "Send" is offered.
import { missingLetterParts, splitLetter } from '../../src/core/letter-parts';

const PLAN = 'Do not send private messages to community members.';
const CONSEQUENCES = 'A final warning.';

describe('splitLetter', () => {
  it('splits the description from the impact at the paragraph starting "Impact"', () => {
    expect(splitLetter('You posted mocking replies.\nImpact: people left the channel.\nSome stopped posting.')).toEqual(
      {
        behaviour: 'You posted mocking replies.',
        impact: 'people left the channel.\nSome stopped posting.',
      },
    );
    expect(splitLetter('You posted mocking replies.\nThe negative impact of this behaviour: people left.').impact).toBe(
      'people left.',
    );
  });

  it('leaves out the plan and consequences the members copied in: the letter carries the voted ones once', () => {
    const parts = splitLetter(`You posted mocking replies.\nPlan: ${PLAN}\n\nImpact: people left.\n${CONSEQUENCES}`, {
      plan: PLAN,
      consequences: CONSEQUENCES,
    });
    expect(parts).toEqual({ behaviour: 'You posted mocking replies.', impact: 'people left.' });
  });

  it('does not take "Plan to…" inside a sentence for a heading', () => {
    expect(splitLetter('Plan to meet was ignored.\nImpact: x').behaviour).toBe('Plan to meet was ignored.');
  });
});

describe('missingLetterParts', () => {
  it('names nothing when all four parts are there', () => {
    expect(missingLetterParts({ behaviour: 'b', impact: 'i' }, PLAN, CONSEQUENCES)).toEqual([]);
  });

  it('names each missing part, in the seed order', () => {
    expect(missingLetterParts({ behaviour: '', impact: '' }, ' ', '')).toEqual([
      'a description of the behaviour in neutral words',
      'its impact (a paragraph starting "Impact:")',
      'the behavioral modification plan',
      'the consequences',
    ]);
    expect(missingLetterParts({ behaviour: 'b', impact: '' }, PLAN, CONSEQUENCES)).toEqual([
      'its impact (a paragraph starting "Impact:")',
    ]);
    expect(missingLetterParts({ behaviour: 'b', impact: 'i' }, PLAN, '  ')).toEqual(['the consequences']);
  });
});
