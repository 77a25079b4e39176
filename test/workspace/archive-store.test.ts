// Unit tests of how the archive takes rows out of a registry tab: deleted in place when they are together, the tab rebuilt when they are scattered in a small tab.
import { removalPlan } from '../../src/workspace/archive-store';

describe('removalPlan', () => {
  test('rows together at the top of a long history are deleted in place: one call per run of rows', () => {
    const plan = removalPlan(
      100_000,
      7,
      Array.from({ length: 15_000 }, (_, i) => i),
    );
    expect(plan.how).toBe('delete');
    expect(plan.ms).toBe(200);
  });

  test("a week's cases scattered among open ones in a small tab: the tab is rebuilt, its cost the cells it keeps", () => {
    const scattered = Array.from({ length: 150 }, (_, i) => i * 20);
    const plan = removalPlan(4_000, 7, scattered);
    expect(plan.how).toBe('rebuild');
    // Four writes and a flush, then every kept row and the header, 7 cells each at 0.1 ms.
    expect(plan.ms).toBeCloseTo(4 * 120 + 100 + (4_000 - 150 + 1) * 7 * 0.1);
    expect(plan.ms).toBeLessThan(150 * 200);
  });

  test('duplicate positions count once', () => {
    expect(removalPlan(10, 7, [3, 3, 4])).toEqual({ how: 'delete', ms: 200 });
  });
});
