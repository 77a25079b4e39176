// The benchmark's cost model: no call free, every figure with a source, the per-cell part derived from its measurements.
import {
  COST_SOURCES,
  DEFAULT_LATENCY,
  LOCAL_CALL_MS,
  PUBLISHED_CELL_LATENCY,
  PUBLISHED_LATENCY,
  latencySource,
} from '../../../workbench';
import { Runtime } from '../../../workbench/emulator/runtime';

describe('the published cost model', () => {
  it('charges every call something: a call it does not list is a local call', () => {
    const rt = new Runtime({ start: 0, latency: PUBLISHED_LATENCY });
    for (const method of ['Sheet.getRange', 'Body.appendParagraph', 'Paragraph.setText', 'Utilities.formatDate'])
      expect(rt.latencyOf(method)).toBe(LOCAL_CALL_MS);
    for (const ms of Object.values(PUBLISHED_LATENCY)) expect(ms).toBeGreaterThan(0);
    expect(LOCAL_CALL_MS).toBeLessThanOrEqual(1);
  });

  it('prices the calls the flat model left free as backend calls (issue 17)', () => {
    for (const method of ['Sheet.getDataRange', 'Form.getResponses', 'File.setShareableByEditors'])
      expect(PUBLISHED_LATENCY[method]).toBeGreaterThan(1);
    for (const method of ['Sheet.getDataRange', 'Form.getResponses', 'File.setShareableByEditors'])
      expect(DEFAULT_LATENCY[method] ?? 0).toBe(0);
  });

  it('derives the per-cell costs from the cited measurements', () => {
    // 240,000 cells read in about 7.4 s; 4,000 cells written and flushed in 610 ms, less the call and the flush.
    expect(PUBLISHED_CELL_LATENCY['Range.getValues']).toBeCloseTo(7400 / 240_000, 3);
    expect(PUBLISHED_CELL_LATENCY['Range.setValues']).toBeCloseTo(
      (610 - DEFAULT_LATENCY['Range.setValues'] - DEFAULT_LATENCY['SpreadsheetApp.flush']) / 4000,
      2,
    );
  });

  it('names a known source for every figure', () => {
    for (const method of Object.keys(PUBLISHED_LATENCY))
      for (const key of latencySource(method).split(', ')) expect(COST_SOURCES[key]).toBeDefined();
  });
});
