import { createTestWorld } from '/work/main/test/emulator/data-test-helpers';
it('perf', () => {
  const t = createTestWorld();
  const data = Array.from({ length: 10000 }, (_, i) => Array.from({ length: 15 }, (_, j) => `r${i}c${j}`));
  const times = t.run((g) => {
    const s = g.SpreadsheetApp.create('Big', 10000, 15).getSheets()[0];
    let a = performance.now();
    s.getRange(1, 1, 10000, 15).setValues(data);
    const w = performance.now() - a;
    const out = [w];
    for (let k = 0; k < 5; k++) { a = performance.now(); s.getDataRange().getValues(); out.push(performance.now() - a); }
    return out;
  });
  console.log(times);
  expect(times.length).toBe(6);
});
