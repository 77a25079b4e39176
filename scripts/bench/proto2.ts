import { createWorld } from './world';
import { CpuMeter } from './measure';
import * as ops from './operations';
const n = Number(process.argv[2] ?? 100), m = Number(process.argv[3] ?? 5);
const w = createWorld({ cases: n, members: m });
const meter = new CpuMeter(w.ws);
const { Session } = require('node:inspector');
const s = new Session(); s.connect();
const prof = (name: string, f: () => ops.OperationResult) => new Promise<void>((res) => {
  s.post('Profiler.enable'); s.post('Profiler.start');
  const r = f();
  s.post('Profiler.stop', (err: unknown, { profile }: any) => { require('fs').writeFileSync(`/tmp/${name}.cpuprofile`, JSON.stringify(profile)); console.log(name, r.measurement.cpu); res(); });
});
(async () => {
  await prof('idle', () => ops.runIdleSweep(w, meter));
  await prof('intake', () => ops.runIntake(w, meter));
  await prof('screening', () => ops.runScreening(w, meter, 0));
})();
