import { runCrashMatrix, describeFailures } from './crash-matrix';
import { FLOWS } from './flows';
import { writeFileSync, appendFileSync } from 'node:fs';
jest.setTimeout(3600000);
it('dbg', () => {
  const names = (process.env.FLOWS ?? '').split(',').filter(Boolean);
  writeFileSync('/tmp/matrix.txt', '');
  for (const flow of FLOWS.filter((f) => !names.length || names.includes(f.name))) {
    const t = Date.now();
    try {
      const res = runCrashMatrix(flow);
      appendFileSync('/tmp/matrix.txt', `== ${flow.name}: ${Date.now() - t} ms, ${res.sideEffects} side effects; ${res.points.map((p) => `${p.k}:${p.at}:${p.problems.length}${p.held.length ? 'H' : ''}`).join(' ')}\n${describeFailures(res).slice(0, 8000)}\n`);
    } catch (e) { appendFileSync('/tmp/matrix.txt', `== ${flow.name}: ERROR ${(e as Error).stack}\n`); }
  }
});
