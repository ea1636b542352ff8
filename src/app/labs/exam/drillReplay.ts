// Replays the learner's run of a drill in the simulated lab's own engine (in its worker) and keeps the
// frame after every step, for drillChecks.ts to read. The run comes as the lab's "Replay what you did"
// link (`actions=`) or as scenario text (copied or downloaded from the same card).
import { decodeSharedScenario } from '../../kit/sharedScenario.ts';
import type { ScenarioError } from '../../../scenario/lexer.ts';
import type { Snapshot } from './drillChecks.ts';

export type RunText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: string };

/** The learner's run from what they pasted: a link with `actions=`, or the scenario itself. */
export function readRunText(pasted: string): RunText {
  const trimmed = pasted.trim();
  if (trimmed === '') return { ok: false, problem: 'Nothing pasted: copy the link or the scenario from the lab\'s "Replay what you did" card.' };
  const hash = trimmed.indexOf('#/');
  if (hash !== -1 && !trimmed.includes('\n')) {
    const query = new URLSearchParams(trimmed.slice(trimmed.indexOf('?', hash) + 1));
    if (query.has('scenario') && !query.has('actions')) return { ok: false, problem: 'This link opens one of the lab\'s own presets, not your run: use "Copy link" in the "Replay what you did" card after doing the steps yourself.' };
    const actions = query.get('actions');
    if (actions === null) return { ok: false, problem: 'This link has no run in it ("actions=…"): use "Copy link" in the lab\'s "Replay what you did" card.' };
    const decoded = decodeSharedScenario(actions);
    return decoded.ok ? { ok: true, text: decoded.text } : { ok: false, problem: `The link's run: ${decoded.problem}.` };
  }
  return { ok: true, text: trimmed };
}

/** After the learner's last action the run goes on this long, so a request just sent can commit (said in the UI). */
export const TAIL_RUN = 'run 2s';

/** What the replay needs of a lab's engine connection (the kit's `LabConnection` has it). */
export interface ReplayEngine<Frame> {
  loadScenario(source: string): Promise<{ readonly ok: true; readonly steps: readonly { readonly text: string; readonly kind: string }[]; readonly update: { readonly frame: Frame } } | { readonly ok: false; readonly errors: readonly ScenarioError[] }>;
  scenarioStep(index: number): Promise<{ readonly update: { readonly frame: Frame } }>;
}

export type Replay<Frame> = { readonly ok: true; readonly snapshots: readonly Snapshot<Frame>[] } | { readonly ok: false; readonly problems: readonly string[] };

export async function replayRun<Frame>(engine: ReplayEngine<Frame>, text: string): Promise<Replay<Frame>> {
  const loaded = await engine.loadScenario(`${text.trimEnd()}\n${TAIL_RUN}\n`);
  if (!loaded.ok) return { ok: false, problems: loaded.errors.map((error) => `line ${error.line}, column ${error.column}: ${error.message}`) };
  const snapshots: Snapshot<Frame>[] = [{ text: '', kind: 'start', frame: loaded.update.frame }];
  for (let index = 0; index < loaded.steps.length; index++) {
    const step = loaded.steps[index]!;
    const { update } = await engine.scenarioStep(index);
    snapshots.push({ text: step.text, kind: step.kind, frame: update.frame });
  }
  return { ok: true, snapshots };
}
