// `npm start [-- scenario.json]`: plays a scenario on the local Workspace and writes out/state.json and out/index.html.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Workspace } from '../workbench';
import { playScenario } from './scenario/player';
import { renderHtml } from './scenario/render-html';
import { ScenarioError, parseScenarioText } from './scenario/schema';
import { buildState, writeOutputs } from './scenario/state';

const ROOT = resolve(__dirname, '..');
export const DEFAULT_SCENARIO = join(ROOT, 'examples', 'rehearsal.json');

const USAGE = `usage: npm start [-- scenario.json] [--out DIR] [--build DIR] [--quiet]
  scenario.json  the scenario to play (default: examples/rehearsal.json)
  --out DIR      where state.json and index.html go (default: out)
  --build DIR    the built bundle to load (default: build; npm start builds it first)
  --quiet        print only the failures and the summary, not the whole transcript
exit status: 0 the run completed (refused steps included), 2 bad arguments or a malformed scenario, 1 no bundle or a broken emulator`;

interface Args {
  scenario: string;
  out: string;
  build: string;
  quiet: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { scenario: DEFAULT_SCENARIO, out: join(ROOT, 'out'), build: join(ROOT, 'build'), quiet: false };
  let positional = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '--build') {
      const value = argv[++i];
      if (!value) return `${a} needs a directory`;
      if (a === '--out') args.out = resolve(value);
      else args.build = resolve(value);
    } else if (a === '--quiet') {
      args.quiet = true;
    } else if (a === '--help' || a === '-h') {
      return '';
    } else if (a.startsWith('--')) {
      return `unknown option ${a}`;
    } else {
      if (positional++ > 0) return `only one scenario file at a time (got ${a} too)`;
      args.scenario = resolve(a);
    }
  }
  return args;
}

/** Runs the CLI; returns the exit status (0 run completed, 1 broken build or emulator, 2 bad arguments or scenario). */
export function main(argv: string[]): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args) console.error(`error: ${args}`);
    console.error(USAGE);
    return args ? 2 : 0;
  }
  const shown = relative(process.cwd(), args.scenario) || args.scenario;
  if (!existsSync(args.scenario)) {
    console.error(`error: scenario file not found: ${shown}`);
    return 2;
  }
  // A folder or a UTF-16 file is the person's mistake, not a broken emulator: say so, with exit status 2.
  if (statSync(args.scenario).isDirectory()) {
    console.error(
      `error: ${shown} is a folder, not a scenario file (give one of its .json files, e.g. examples/rehearsal.json)`,
    );
    return 2;
  }
  const bytes = readFileSync(args.scenario);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    console.error(`error: ${shown} is saved as UTF-16: save it as UTF-8 (the encoding JSON files use)`);
    return 2;
  }
  let scenario;
  try {
    scenario = parseScenarioText(bytes.toString('utf8'), shown);
  } catch (err) {
    if (err instanceof ScenarioError) {
      console.error(`error: ${shown} is not a valid scenario:`);
      for (const problem of err.problems) console.error(`  - ${problem}`);
      return 2;
    }
    throw err;
  }
  if (!existsSync(join(args.build, 'Code.js'))) {
    console.error(`error: ${join(args.build, 'Code.js')} is missing; run npm run build (npm start does it for you)`);
    return 1;
  }
  // Play a private copy of the bundle, so a rebuild while the run goes on (tests, a teammate) cannot change it midway.
  const bundle = mkdtempSync(join(tmpdir(), 'conduct-desk-bundle-'));
  let result;
  try {
    cpSync(args.build, bundle, { recursive: true });
    result = playScenario(scenario, {
      createWorkspace: (options) => Workspace.create(options),
      buildDir: bundle,
      // Quiet drops the story, never the failures: a step not done is what the reader must not miss.
      log: (line, kind) => {
        if (!args.quiet || kind === 'failure') console.log(line);
      },
    });
  } finally {
    rmSync(bundle, { recursive: true, force: true });
  }
  // A fault the run never reached by its call's name was never injected: most likely a misspelled `call`.
  for (const fault of result.ws.rt.takeFaultsNeverMatched())
    console.error(
      `warning: the fault for "${fault.call}" (nth ${fault.nth}) was never injected: the run made no such call`,
    );
  const state = buildState(result);
  const files = writeOutputs(args.out, state, renderHtml(state));
  const notDone = state.steps.filter((s) => s.outcome !== 'ok').length;
  const followOns = state.errors.reduce((sum, e) => sum + (e.followOns?.length ?? 0), 0);
  const failedExecutions = state.errors.filter((e) => e.kind === 'execution').length;
  console.log('');
  console.log(
    `${state.cases.length} case(s), ${state.mail.length} email(s) (${state.alerts.length} alert(s)), ${state.executions.length} execution(s), ${notDone} step(s) not done or done in part${followOns ? ` (${followOns} only because an earlier one failed)` : ''}, ${failedExecutions} failed execution kind(s).`,
  );
  console.log(`wrote ${relative(process.cwd(), files.json)} and ${relative(process.cwd(), files.html)}`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  }
}
