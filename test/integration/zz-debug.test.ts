import { forgeToken, linkFor, memberId } from './access-harness';
import { ANA, BO, CY, caseAction, clear, reportCase, startResolutionDesk } from './resolution-harness';
test('dbg', () => {
  const desk = startResolutionDesk({ members: [ANA, BO, CY] });
  const kase = reportCase(desk);
  clear(desk, kase, ANA, BO, CY);
  caseAction(desk, ANA, kase, 'open-vote');
  const exp = Math.floor(desk.ws.rt.now() / 1000) + 86400;
  const kid = desk.ws.properties().hmacCurrentKid;
  const token = forgeToken(desk, { v: 1, sub: memberId(desk, BO.email), cid: kase.caseId, act: 'vote', exp, kid });
  const r = desk.ws.webPost(desk.ws.webAppUrl, { t: token, op: 'vote', choice: 'approve', confirm: 'yes' });
  console.log(r.body.replace(/<style[\s\S]*?<\/style>/g,'').slice(0, 3000), r.record.error);
});
