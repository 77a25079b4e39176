// When the emulator fires clock triggers: recurring ones at a seeded offset in their slot, sometimes late; one-off ones never early, and late as often and by as much (Google promises no precision for `at` or `after`).
import { triggerDelay } from '../../../workbench/emulator/trigger-timing';

const MINUTE = 60_000;
const once = { kind: 'once' as const, every: 1, timeZone: 'Etc/UTC' };
const hourly = { kind: 'hours' as const, every: 1, timeZone: 'Etc/UTC' };

describe('triggerDelay', () => {
  it('fires a one-off trigger on time or late by whole minutes up to 15, never early, about one time in eight', () => {
    const delays = Array.from({ length: 800 }, (_, i) => triggerDelay(3, { uid: `t${i}`, schedule: once }, 1_000_000));
    const late = delays.filter((d) => d > 0);
    expect(delays.every((d) => d >= 0 && d <= 15 * MINUTE && d % MINUTE === 0)).toBe(true);
    expect(late.length).toBeGreaterThan(800 / 8 / 2);
    expect(late.length).toBeLessThan((800 / 8) * 2);
  });

  it('gives the same delay for the same seed, trigger and slot, and another seed moves it', () => {
    const draw = (seed: number) =>
      Array.from({ length: 200 }, (_, i) => triggerDelay(seed, { uid: `t${i}`, schedule: once }, 42));
    expect(draw(5)).toEqual(draw(5));
    expect(draw(6)).not.toEqual(draw(5));
  });

  it('keeps a recurring hourly trigger within its hour, plus lateness of at most 15 minutes', () => {
    for (let i = 0; i < 200; i++) {
      const d = triggerDelay(3, { uid: `h${i}`, schedule: hourly }, i * 3_600_000);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(3_600_000 + 15 * MINUTE + 1);
    }
  });

  it('does not delay a trigger with no schedule (an event trigger)', () => {
    expect(triggerDelay(3, { uid: 'e', schedule: undefined }, 0)).toBe(0);
  });
});
