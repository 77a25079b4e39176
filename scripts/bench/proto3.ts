import { createWorld } from './world';
import { CpuMeter } from './measure';
import * as ops from './operations';
const w = createWorld({ cases: 20, members: 5 });
const meter = new CpuMeter(w.ws);
const dump = (label: string, r: ops.OperationResult) => {
  const ids = new Set(r.measurement.records.map((x) => x.id));
  console.log(label, w.ws.logs().filter((l) => ids.has(l.execution) && l.text.startsWith('LOAD')).map((l) => `${l.execution}:${l.text.slice(5)}`).join(' '));
};
dump('idle', ops.runIdleSweep(w, meter));
dump('intake', ops.runIntake(w, meter));
dump('screening', ops.runScreening(w, meter, 0));
ops.runScreening(w, meter, 1); ops.runScreening(w, meter, 2);
ops.openVote(w);
dump('ballot', ops.runBallot(w, meter, 1, 'ballot'));
dump('deciding', ops.runBallot(w, meter, 2, 'ballot-deciding'));
dump('due', ops.runDueSweep(w, meter));
const r = ops.runRoster(w, meter, 1); dump('roster', r.result);
dump('onboarding', ops.runOnboarding(w, meter, r.email));
