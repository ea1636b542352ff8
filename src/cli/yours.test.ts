// `npm run yours --js` and `--ours`: a raft scenario against the page's node, headless and deterministic.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runYoursCli } from './yours.ts';
import { LIN_KV_NODE, STALE_READ_NODE, STARTER_NODE } from '../worker/yours/templates.ts';

const SCENARIO = 'examples/maelstrom/scenarios/election.scenario';

async function cli(args: string[]) {
  const lines: Record<string, unknown>[] = [];
  const errors: string[] = [];
  const code = await runYoursCli(args, (value) => lines.push(value as Record<string, unknown>), (text) => errors.push(text));
  return { code, lines, errors };
}

describe('npm run yours, simulated', () => {
  const folder = mkdtempSync(join(tmpdir(), 'quorum-lab-yours-'));

  it('the starter node and our Raft pass the election scenario; the same seed prints the same lines', async () => {
    const file = join(folder, 'starter.js');
    writeFileSync(file, STARTER_NODE);
    const first = await cli(['--js', file, SCENARIO]);
    expect(first.lines.filter((line) => line.ok === false)).toEqual([]);
    expect(first.code).toBe(0);
    expect((await cli(['--js', file, SCENARIO])).lines).toEqual(first.lines);
    expect((await cli(['--ours', SCENARIO])).code).toBe(0);
  });

  it('a node that does not parse is refused with its line; a node that throws makes the run fail', async () => {
    const broken = join(folder, 'broken.js');
    writeFileSync(broken, 'function onStart() {\n  let = ;\n}\n');
    const parse = await cli(['--js', broken, SCENARIO]);
    expect(parse.code).toBe(2);
    expect(parse.errors.join('')).toMatch(/broken\.js:\d+:\d+: Syntax error/);
    const throwing = join(folder, 'throwing.js');
    writeFileSync(throwing, 'function onStart() {\n  report({ role: "follower", term: 0 });\n  null.boom;\n}\n');
    const result = await cli(['--js', throwing, SCENARIO]);
    expect(result.code).toBe(1);
    expect(JSON.stringify(result.lines.at(-1))).toMatch(/stopped|TypeError/);
  });
});

describe('npm run yours --workload: Maelstrom echo and lin-kv, checked', () => {
  const folder = mkdtempSync(join(tmpdir(), 'quorum-lab-yours-workload-'));
  const FAULTS = 'examples/maelstrom/scenarios/workload-faults.scenario';

  it('simulated: the lin-kv starter is linearizable; the stale-read node is caught, with the moment to scrub to', async () => {
    const good = join(folder, 'lin-kv.js');
    writeFileSync(good, LIN_KV_NODE);
    const pass = await cli(['--js', good, '--workload', 'lin-kv', FAULTS]);
    expect(pass.lines.at(-1)).toMatchObject({ summary: true, ok: true, workload: 'lin-kv', workload_ok: true });
    expect(pass.code).toBe(0);
    const bad = join(folder, 'stale.js');
    writeFileSync(bad, STALE_READ_NODE);
    const fail = await cli(['--js', bad, '--workload', 'lin-kv', FAULTS]);
    expect(fail.code).toBe(1);
    expect(fail.lines.at(-1)).toMatchObject({ ok: false, workload_ok: false });
    expect(String(fail.lines.at(-1)!.verdict)).toMatch(/^Not linearizable/);
    expect(typeof fail.lines.at(-1)!.problem_at_ms).toBe('number');
  });

  it('a workload name it does not know is a usage error', async () => {
    const result = await cli(['--ours', '--workload', 'kafka', FAULTS]);
    expect(result.code).toBe(2);
    expect(result.errors.join('')).toMatch(/--workload must be one of election, echo, lin-kv/);
  });

  it('real processes: echo.mjs passes and --wrong fails; lin-kv.mjs is linearizable and --stale is caught', { timeout: 60_000 }, async () => {
    const run = (command: string, workload: string) => cli(['--node', command, '--workload', workload, FAULTS]);
    // One cluster at a time: twelve node processes starting at once on a loaded machine can miss init's 5 s.
    const echo = await run('node examples/maelstrom/echo.mjs', 'echo');
    const wrongEcho = await run('node examples/maelstrom/echo.mjs --wrong', 'echo');
    const kv = await run('node examples/maelstrom/lin-kv.mjs', 'lin-kv');
    const staleKv = await run('node examples/maelstrom/lin-kv.mjs --stale', 'lin-kv');
    expect(echo.lines.at(-1), JSON.stringify(echo.lines)).toMatchObject({ ok: true, workload_ok: true });
    expect((echo.lines.at(-1)!.operations as { ok: number }).ok).toBeGreaterThan(10);
    expect(wrongEcho.lines.at(-1)).toMatchObject({ ok: false, workload_ok: false });
    expect(kv.lines.at(-1)).toMatchObject({ ok: true, workload_ok: true });
    expect(staleKv.lines.at(-1)).toMatchObject({ ok: false, workload_ok: false });
  });
});
