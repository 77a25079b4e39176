// The integration desks' templates: a second desk of one configuration is a fork of the first's template, the same committee in the same state, with a state of its own.
import { deskForkStats, registryRows, reportCase, startResolutionDesk } from './desk';

describe('desk templates', () => {
  test('two desks of one configuration start from forks of one template: the same committee, and a report on one is not on the other', () => {
    const before = { ...deskForkStats };
    const first = startResolutionDesk();
    const second = startResolutionDesk();
    // CONDUCT_DESK_NO_FORK=1 builds each desk for real, as before the templates.
    const forked = process.env.CONDUCT_DESK_NO_FORK === '1' ? 0 : 2;
    expect(deskForkStats.forks - before.forks).toBe(forked);
    expect(deskForkStats.builds - before.builds).toBe(2 - forked);
    expect(second.members).toEqual(first.members);
    expect(registryRows(second, 'Members')).toEqual(registryRows(first, 'Members'));
    expect(second.ws.properties()).toEqual(first.ws.properties());
    reportCase(first);
    expect(registryRows(first, 'Cases')).toHaveLength(1);
    expect(registryRows(second, 'Cases')).toEqual([]);
    expect(second.ws.mail().length).toBeLessThan(first.ws.mail().length);
  });
});
