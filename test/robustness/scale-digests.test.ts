// A busy registry's weekly reminders (1,200 open cases, three members): each member's digest goes whole, under MailApp's size limit and an outbox cell's, listing the oldest cases with working links and counting the rest (ADV-372).
import { createWorld } from '../../scripts/bench/world';
import { clockEvent } from '../../workbench';

test('1,200 open cases past their follow-up: every digest lists at most 40 cases, whole, and counts the rest', () => {
  const world = createWorld({ cases: 1200, members: 3, openCases: 1200 });
  const ws = world.ws;
  ws.rt.setClock(ws.rt.now() + 7 * 24 * 3600 * 1000);
  const trigger = ws.triggers().find((t) => t.handler === 'sweep_')!;
  for (let i = 0; i < 6; i++) {
    const run = ws.run('sweep_', [clockEvent(trigger.uid, ws.rt.now())], { kind: 'trigger' }).record;
    expect(run.outcome).toBe('ok');
    ws.rt.setClock(ws.rt.now() + 3600 * 1000);
  }
  const digests = ws.mail().filter((m) => /^\[Conduct Desk\] Reminders: /.test(m.subject));
  expect(digests.map((m) => m.to[0]).sort()).toEqual(world.members.map((m) => m.email).sort());
  for (const digest of digests) {
    const total = Number(/Reminders: (\d+) cases/.exec(digest.subject)?.[1]);
    // Before, each digest held about 900 cases and was cut at the cell's 50,000 characters after 147 of them.
    expect(total).toBeGreaterThan(800);
    const links = [...digest.body.matchAll(/Case page for ([^:\n]+):\n(\S+)/g)];
    expect(links).toHaveLength(40);
    expect(digest.body).toContain(`And ${total - 40} more cases need attention`);
    expect(digest.body).not.toContain('…');
    expect(Buffer.byteLength(digest.body + (digest.htmlBody ?? ''), 'utf8')).toBeLessThan(200 * 1024);
    // Each listed link is whole and opens its case page.
    const [, codeName, url] = links[links.length - 1];
    expect(ws.webGet(url).body).toContain(codeName);
  }
});
