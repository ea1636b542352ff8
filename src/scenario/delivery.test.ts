// The delivery grammar (errors with line and column), its presets as golden lessons, the
// crash-point matrix (its cells are scenarios: they agree with scenario runs), and determinism.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDeliveryRun } from '../kernel/protocols/delivery/index.ts';
import { parseScenario } from './parse.ts';
import type { DeliveryScenario } from './delivery.ts';
import { runDeliveryLines } from './delivery-runner.ts';
import { cellEvidence, cellScenario, computeMatrix, CURATED_SETTINGS, findCell, MATRIX_FAULTS, runCell, settingId, type MatrixSetting } from './delivery-matrix.ts';

const PRESETS = join(import.meta.dirname, 'presets');

function parsed(source: string): DeliveryScenario {
  const result = parseScenario(source);
  if (!result.ok) throw new Error(result.errors.map((error) => `${error.line}:${error.column}: ${error.message}`).join('\n'));
  if (result.scenario.lab !== 'delivery') throw new Error('not a delivery scenario');
  return result.scenario;
}

function errorsOf(source: string) {
  const result = parseScenario(source);
  return result.ok ? [] : result.errors;
}

function runScenario(scenario: DeliveryScenario) {
  const run = createDeliveryRun(scenario.config);
  const lines: Record<string, unknown>[] = [];
  runDeliveryLines(run, scenario.steps, (line) => lines.push(line));
  const failed = lines.filter((line) => line.ok === false).map((line) => `${String(line.cmd)}: ${String(line.detail)}`);
  return { run, lines, failed };
}

describe('grammar', () => {
  it('reads the issue\'s example header and every command', () => {
    const scenario = parsed(
      [
        'delivery producer=at-least-once consumer=commit-after effect=plain seed=1',
        'produce 100',
        'crash producer before-ack',
        'crash consumer after-effect',
        'restart consumer',
        'restart producer',
        'lose next ack',
        'failover broker',
        'zombie producer',
        'rebalance',
        'run 10s',
        'advance 6m',
        'expect effects == 100',
        'expect duplicates == 0',
        'expect lost == 0',
        'expect exactly-once',
      ].join('\n'),
    );
    expect(scenario.config).toMatchObject({ producer: 'at-least-once', consumer: 'commit-after', effect: 'plain', seed: 1 });
    expect(scenario.steps.map((step) => step.kind)).toEqual(['produce', 'arm-crash', 'arm-crash', 'restart', 'restart', 'lose-next-ack', 'failover', 'zombie', 'rebalance', 'run', 'advance', 'expect', 'expect', 'expect', 'expect']);
    expect(scenario.steps.find((step) => step.kind === 'advance')).toMatchObject({ durationMs: 360_000 });
  });

  it('reads the dedup window in minutes or hours', () => {
    expect(parsed('delivery effect=idempotency-key dedup-window=5m').config.dedupWindowMs).toBe(300_000);
    expect(parsed('delivery effect=idempotency-key dedup-window=24h').config.dedupWindowMs).toBe(86_400_000);
  });

  it('reports bad lines with line and column, one error per line', () => {
    expect(errorsOf('delivery producer=exactly-once')).toEqual([{ line: 1, column: 19, message: expect.stringContaining('producer must be one of at-most-once, at-least-once, idempotent, transactional') }]);
    expect(errorsOf('delivery\ncrash consumer after-lunch\nproduce 0\nteleport\nexpect effects = 3')).toEqual([
      { line: 2, column: 16, message: expect.stringContaining('a consumer crashes at before-effect, after-effect, after-commit') },
      { line: 3, column: 9, message: expect.stringContaining('count must be from 1') },
      { line: 4, column: 1, message: expect.stringContaining('unknown command "teleport"') },
      { line: 5, column: 16, message: expect.stringContaining('expected a comparison') },
    ]);
    expect(errorsOf('delivery effect=plain\ncrash relay after-effect')).toEqual([{ line: 2, column: 7, message: expect.stringContaining('only effect=outbox has one') }]);
    expect(errorsOf('delivery dedup-window=5m')).toEqual([{ line: 1, column: 10, message: expect.stringContaining('needs effect=idempotency-key') }]);
    expect(errorsOf('delivery producer=transactional acks=1')[0]!.message).toMatch(/needs acks=all/);
    expect(errorsOf('delivery\npartition producer | consumer')[0]!.message).toMatch(/no network partitions/);
  });
});

const isDeliveryPreset = (file: string) => file.startsWith('delivery-') && file.endsWith('.scenario');

describe('delivery presets (golden lessons)', () => {
  const files = readdirSync(PRESETS).filter(isDeliveryPreset).sort();

  it('there is a preset for each lesson', () => {
    expect(files).toEqual(['delivery-acks-and-losses.scenario', 'delivery-duplicate-charge.scenario', 'delivery-idempotency-window.scenario', 'delivery-kafka-eos-boundary.scenario']);
  });

  for (const file of files) {
    it(`${file}: every expectation holds, and each line carries the contract fields`, () => {
      const { failed, lines } = runScenario(parsed(readFileSync(join(PRESETS, file), 'utf8')));
      expect(failed).toEqual([]);
      expect(lines.filter((line) => 'ok' in line).length).toBeGreaterThanOrEqual(3);
      for (const line of lines) expect(Object.keys(line).slice(0, 9)).toEqual(['line', 'cmd', 't_ms', 'produced', 'appended', 'effects', 'duplicates', 'lost', 'committedOffsets']);
    });
  }

  // Each lesson hangs on one setting or line: changing it must break the lesson's expectations.
  const flips: readonly [string, string, string, RegExp][] = [
    ['delivery-duplicate-charge.scenario', 'effect=plain', 'effect=inbox', /expect effects == 11/],
    ['delivery-duplicate-charge.scenario', 'producer=at-least-once', 'producer=idempotent', /expect appended == 12/],
    ['delivery-idempotency-window.scenario', 'dedup-window=5m', 'dedup-window=24h', /expect duplicates == 1/],
    ['delivery-kafka-eos-boundary.scenario', 'effect=plain', 'effect=idempotency-key', /expect duplicates == 1/],
    ['delivery-kafka-eos-boundary.scenario', 'producer=transactional', 'producer=idempotent', /expect exactly-once/],
    ['delivery-acks-and-losses.scenario', ' acks=1 seed', ' acks=all seed', /expect lost == 1/],
  ];
  for (const [file, from, to, breaks] of flips) {
    it(`${file}: with "${to}" instead of "${from}" the lesson no longer holds`, () => {
      const source = readFileSync(join(PRESETS, file), 'utf8');
      expect(source).toContain(from);
      const { failed } = runScenario(parsed(source.replace(from, to)));
      expect(failed.join('\n')).toMatch(breaks);
    });
  }

  it('is deterministic: the same scenario and seed give the same trace, byte for byte', () => {
    const source = readFileSync(join(PRESETS, 'delivery-kafka-eos-boundary.scenario'), 'utf8');
    const first = runScenario(parsed(source)).run.history.trace.slice();
    expect(first.length).toBeGreaterThan(50);
    expect(JSON.stringify(runScenario(parsed(source)).run.history.trace.slice())).toBe(JSON.stringify(first));
  });
});

describe('crash-point matrix', () => {
  const setting = (producer: MatrixSetting['producer'], consumer: MatrixSetting['consumer'], effect: MatrixSetting['effect'], acks: MatrixSetting['acks'] = 'all', dedupWindow: string | null = null): MatrixSetting => ({ producer, consumer, effect, acks, dedupWindow });
  const fault = (id: string) => MATRIX_FAULTS.find((candidate) => candidate.id === id)!;

  it('shows the boundary: Kafka → Kafka with transactions is exactly once; the external effect is not, unless a key, inbox or outbox covers it', () => {
    const eos = runCell(setting('transactional', 'transactional', 'plain'), fault('consumer-after-effect'));
    expect(eos).toMatchObject({ outcome: 'duplicated', output: 'exactly-once' });
    for (const effect of ['inbox', 'outbox'] as const) expect(runCell(setting('transactional', 'transactional', effect), fault('consumer-after-effect')).outcome).toBe('exactly-once');
    expect(runCell(setting('transactional', 'transactional', 'idempotency-key', 'all', '24h'), fault('consumer-after-effect')).outcome).toBe('exactly-once');
  });

  it('names where duplicates and losses come from', () => {
    expect(runCell(setting('at-least-once', 'commit-after', 'plain'), fault('lost-ack')).outcome).toBe('duplicated');
    expect(runCell(setting('idempotent', 'commit-after', 'plain'), fault('lost-ack')).outcome).toBe('exactly-once');
    expect(runCell(setting('idempotent', 'commit-after', 'plain'), fault('zombie')).outcome).toBe('duplicated');
    expect(runCell(setting('transactional', 'transactional', 'plain'), fault('zombie')).outcome).toBe('exactly-once');
    expect(runCell(setting('at-least-once', 'commit-after', 'plain', '1'), fault('failover')).outcome).toBe('lost');
    expect(runCell(setting('at-most-once', 'commit-before', 'plain', '1'), fault('consumer-before-effect')).outcome).toBe('lost');
    expect(runCell(setting('at-least-once', 'commit-after', 'idempotency-key', 'all', '5m'), fault('consumer-down-6m')).outcome).toBe('duplicated');
    expect(runCell(setting('at-least-once', 'commit-after', 'idempotency-key', 'all', '24h'), fault('consumer-down-6m')).outcome).toBe('exactly-once');
  });

  it('every curated cell agrees with running its scenario through the scenario runner', () => {
    const matrix = computeMatrix(CURATED_SETTINGS);
    matrix.cells.forEach((row, rowIndex) =>
      row.forEach((cell, columnIndex) => {
        if (cell.outcome === 'n/a') return;
        const { lines } = runScenario(parsed(cellScenario(matrix.settings[rowIndex]!, matrix.faults[columnIndex]!)));
        const last = lines.at(-1)!;
        expect({ effects: last.effects, duplicates: last.duplicates, lost: last.lost }).toEqual({ effects: cell.effects, duplicates: cell.duplicates, lost: cell.lost });
      }),
    );
  });

  it('a cell exports as Markdown with a link that finds it again', () => {
    const chosen = CURATED_SETTINGS[2]!;
    const cell = runCell(chosen, fault('consumer-after-effect'));
    const markdown = cellEvidence(chosen, fault('consumer-after-effect'), cell, `#/delivery?cell=${settingId(chosen)}~consumer-after-effect`);
    expect(markdown).toContain('Outcome: **duplicated**');
    expect(markdown).toContain('crash consumer after-effect');
    expect(findCell(settingId(chosen), 'consumer-after-effect')).toEqual({ setting: chosen, fault: fault('consumer-after-effect') });
    expect(findCell('nonsense', 'none')).toBeNull();
  });
});

describe('a run exported as a scenario', () => {
  it('replays to the same trace and tally', async () => {
    const { deliveryScenarioOf } = await import('./delivery.ts');
    const { defaultDeliveryConfig, deliveryTally } = await import('../kernel/protocols/delivery/index.ts');
    const config = defaultDeliveryConfig({ seed: 9, effect: 'idempotency-key', dedupWindowMs: 300_000 });
    const live = createDeliveryRun(config);
    const act = (atMs: number, command: Parameters<typeof live.history.apply>[0]) => {
      live.history.advanceTo(atMs);
      live.history.apply(command);
    };
    act(0, { type: 'produce', count: 6 });
    act(37, { type: 'arm-crash', trap: { node: 'consumer', point: 'after-effect' } });
    act(123, { type: 'lose-next-ack' });
    act(2000, { type: 'restart', node: 'consumer' });
    act(2500, { type: 'rebalance', when: 'after-effect' });
    act(2500, { type: 'produce', count: 2 });
    live.history.advanceTo(9000);
    const source = deliveryScenarioOf(config, live.history.commands, live.history.viewMs);
    expect(source).toMatch(/^delivery producer=at-least-once consumer=commit-after effect=idempotency-key seed=9 dedup-window=300000ms\nproduce 6\nrun 37ms\ncrash consumer after-effect\n/);
    const { run } = runScenario(parsed(source));
    expect(run.simulation.nowMs).toBe(9000);
    expect(JSON.stringify(run.history.trace.slice())).toBe(JSON.stringify(live.history.trace.slice()));
    expect(deliveryTally(run.simulation)).toEqual(deliveryTally(live.simulation));
  });
});
