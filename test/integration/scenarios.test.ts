// Plays every shipped scenario (examples/*.json) through the real bundle with the scenario player, checking DESIGN §7's invariants after every step.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitNames, Workspace } from '../../workbench';
import { playScenario, type PlayResult, type StepRecord } from '../../scripts/scenario/player';
import { parseScenarioText, type Scenario } from '../../scripts/scenario/schema';
import { buildState, type ScenarioState } from '../../scripts/scenario/state';
import { findViolations, newKnowledge, type Knowledge } from './invariants';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const FORMULA_START = /^[=+\-@]/;

/** What the checker must know from the scenario: the people in reports, the moderators, the letters' recipients. */
function knowledgeOf(scenario: Scenario, ws: Workspace): Knowledge {
  const k = newKnowledge(ws);
  for (const step of scenario.steps) {
    if (step.action === 'report' || step.action === 'recordReport') {
      const a = step.action === 'recordReport' ? step.payload.answers : step.payload;
      const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : (v ?? '')).trim();
      k.people.push({
        reporter: { name: one(a['Your name']) || undefined, email: one(a['Your email address']) || undefined },
        reported: splitNames(a['Who was involved?']).map((name) => ({ name })),
        witnesses: splitNames(a['Were there witnesses?']).map((name) => ({ name })),
      });
    }
    if (step.action === 'sendLetter') k.reportedPersonEmails.add(step.payload.to.trim().toLowerCase());
  }
  for (const space of scenario.spaces) for (const m of space.moderators) k.moderatorEmails.add(m.toLowerCase());
  return k;
}

/** Formulas a person typed (the owner's roster, a member's cell) are theirs, not the system's (invariant 4). */
function noteHumanFormulas(k: Knowledge, record: StepRecord): void {
  for (const cell of record.cells) {
    if (typeof cell.value === 'string' && FORMULA_START.test(cell.value))
      k.humanFormulaCells.add(`${cell.spreadsheetId}/${cell.tab}!R${cell.row}C${cell.column}`);
  }
}

const files = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe.each(files)('scenario %s', (file) => {
  const scenario = parseScenarioText(readFileSync(join(EXAMPLES, file), 'utf8'), file);
  const violations: string[] = [];
  let run: PlayResult;
  let state: ScenarioState;

  beforeAll(() => {
    // A private copy of the bundle: a rebuild elsewhere while this long run goes on must not change it midway.
    const bundle = mkdtempSync(join(tmpdir(), 'scenario-bundle-'));
    cpSync(join(ROOT, 'build'), bundle, { recursive: true });
    let knowledge: Knowledge | null = null;
    try {
      run = playScenario(scenario, {
        createWorkspace: (options) => Workspace.create(options),
        buildDir: bundle,
        onStep: (record, ws) => {
          knowledge ??= knowledgeOf(scenario, ws as Workspace);
          noteHumanFormulas(knowledge, record);
          for (const v of findViolations(ws as Workspace, knowledge)) {
            const where = typeof record.step === 'number' ? `steps[${record.step}] (${record.action})` : record.step;
            if (!violations.some((x) => x.endsWith(v))) violations.push(`after ${where}: ${v}`);
          }
        },
      });
      state = buildState(run);
    } finally {
      rmSync(bundle, { recursive: true, force: true });
    }
  }, 300_000);

  it('plays to the end on the virtual clock, every step recorded', () => {
    expect(run.steps.filter((s) => typeof s.step === 'number')).toHaveLength(scenario.steps.length);
    expect(Date.parse(state.scenario.end)).toBeGreaterThan(Date.parse(scenario.start));
    expect(state.executions.some((e) => e.fn === 'setup' && e.outcome === 'ok')).toBe(true);
    expect(state.triggers.some((t) => t.eventType === 'CLOCK' && t.fired > 0)).toBe(true);
  });

  it('records every page a person saw, who saw it and what they read (state.json pages)', () => {
    const served = run.ws.pages();
    // One entry per page the web app served: every request in a scenario is a person's browser.
    expect(state.pages).toHaveLength(served.length);
    for (const page of state.pages) {
      expect(page.person).toMatch(/@/);
      expect(page.link.startsWith(state.scenario.webAppUrl)).toBe(true);
      expect(page.heading).not.toBe('');
      // What they read, not the markup (text people typed, escaped on the page, may of course hold "<b>").
      expect(page.text).not.toMatch(/<!doctype|<style|<form|<input/i);
    }
  });

  it('keeps all ten invariants after every step', () => {
    expect(violations).toEqual([]);
  });
});
