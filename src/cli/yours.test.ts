// `npm run yours --js` and `--ours`: a raft scenario against the page's node, headless and deterministic.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runYoursCli } from './yours.ts';
import { STARTER_NODE } from '../worker/yours/templates.ts';

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
