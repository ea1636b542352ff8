// The crash-point matrix: every fault point × every setting, each cell a small scenario in the
// `delivery` language (so a cell can be replayed, exported and checked like any scenario), run to
// quiescence and classified: exactly once, duplicated, lost, or both. It shows the boundary:
// Kafka → Kafka with transactions is exactly once; an external side effect is not unless an
// idempotency key, an inbox or an outbox covers it.

import { createDeliveryRun, deliveryTally, outputTally, ACKS, CONSUMER_MODES, EFFECT_MODES, PRODUCER_MODES, validateDeliveryConfig, defaultDeliveryConfig, type Acks, type ConsumerMode, type DeliveryConfig, type EffectMode, type ProducerMode } from '../kernel/protocols/delivery/index.ts';
import { parseScenario } from './parse.ts';
import { applyDeliveryStep } from './delivery-runner.ts';

export interface MatrixSetting {
  readonly producer: ProducerMode;
  readonly consumer: ConsumerMode;
  readonly effect: EffectMode;
  readonly acks: Acks;
  /** Only with effect=idempotency-key: how long the service keeps a key. */
  readonly dedupWindow: string | null;
}

export interface MatrixFault {
  readonly id: string;
  readonly title: string;
  /** Scenario lines after `produce`: the fault, then recovery. */
  readonly lines: readonly string[];
  /** Only for these settings (e.g. the relay exists only with an outbox). */
  readonly appliesTo?: (setting: MatrixSetting) => boolean;
}

/** How many transfers each cell produces; the fault strikes the first message it reaches. */
export const MATRIX_TRANSFERS = 5;

const recover = (node: string) => ['run 3s', `restart ${node}`, 'run 6s'];

export const MATRIX_FAULTS: readonly MatrixFault[] = [
  { id: 'none', title: 'no fault', lines: ['run 6s'] },
  { id: 'producer-before-append', title: 'producer crash before append', lines: ['crash producer before-append', ...recover('producer')] },
  { id: 'producer-before-ack', title: 'producer crash after append, before ack', lines: ['crash producer before-ack', ...recover('producer')] },
  { id: 'producer-after-ack', title: 'producer crash after ack', lines: ['crash producer after-ack', ...recover('producer')] },
  { id: 'lost-ack', title: 'lost ack', lines: ['lose next ack', 'run 6s'] },
  { id: 'failover', title: 'broker leader failover', lines: ['failover broker', 'run 6s'] },
  { id: 'zombie', title: 'zombie producer', lines: ['zombie producer', 'run 6s'] },
  { id: 'consumer-before-effect', title: 'consumer crash before effect', lines: ['crash consumer before-effect', ...recover('consumer')] },
  { id: 'consumer-after-effect', title: 'consumer crash after effect, before commit', lines: ['crash consumer after-effect', ...recover('consumer')] },
  { id: 'consumer-after-commit', title: 'consumer crash after commit', lines: ['crash consumer after-commit', ...recover('consumer')] },
  { id: 'consumer-down-6m', title: 'consumer crash after effect, down 6 min', lines: ['crash consumer after-effect', 'run 3s', 'advance 6m', 'restart consumer', 'run 6s'] },
  { id: 'rebalance', title: 'rebalance after effect, before commit', lines: ['rebalance after-effect', 'run 6s'] },
  { id: 'relay-after-effect', title: 'outbox relay crash after sending', lines: ['crash relay after-effect', ...recover('relay')], appliesTo: (setting) => setting.effect === 'outbox' },
];

export function settingId(setting: MatrixSetting): string {
  return [setting.producer, setting.consumer, setting.effect, `acks-${setting.acks}`, ...(setting.dedupWindow ? [`window-${setting.dedupWindow}`] : [])].join('.');
}

export function settingTitle(setting: MatrixSetting): string {
  return `producer=${setting.producer} consumer=${setting.consumer} effect=${setting.effect} acks=${setting.acks}${setting.dedupWindow ? ` dedup-window=${setting.dedupWindow}` : ''}`;
}

function configOf(setting: MatrixSetting): DeliveryConfig {
  return defaultDeliveryConfig({ producer: setting.producer, consumer: setting.consumer, effect: setting.effect, acks: setting.acks });
}

function valid(setting: MatrixSetting): boolean {
  return validateDeliveryConfig(configOf(setting)).length === 0;
}

/** The settings the page shows first: one row per lesson. */
export const CURATED_SETTINGS: readonly MatrixSetting[] = [
  { producer: 'at-most-once', consumer: 'commit-before', effect: 'plain', acks: '1', dedupWindow: null },
  { producer: 'at-least-once', consumer: 'commit-after', effect: 'plain', acks: '1', dedupWindow: null },
  { producer: 'at-least-once', consumer: 'commit-after', effect: 'plain', acks: 'all', dedupWindow: null },
  { producer: 'at-least-once', consumer: 'auto-commit', effect: 'plain', acks: 'all', dedupWindow: null },
  { producer: 'idempotent', consumer: 'commit-after', effect: 'plain', acks: 'all', dedupWindow: null },
  { producer: 'transactional', consumer: 'transactional', effect: 'plain', acks: 'all', dedupWindow: null },
  { producer: 'at-least-once', consumer: 'commit-after', effect: 'idempotency-key', acks: 'all', dedupWindow: '24h' },
  { producer: 'at-least-once', consumer: 'commit-after', effect: 'idempotency-key', acks: 'all', dedupWindow: '5m' },
  { producer: 'idempotent', consumer: 'commit-after', effect: 'inbox', acks: 'all', dedupWindow: null },
  { producer: 'idempotent', consumer: 'commit-after', effect: 'outbox', acks: 'all', dedupWindow: null },
  { producer: 'transactional', consumer: 'transactional', effect: 'idempotency-key', acks: 'all', dedupWindow: '24h' },
];

/** Every valid combination of producer, consumer, effect and acks (idempotency keys with a 24 h and a 5 min window). */
export function allSettings(): MatrixSetting[] {
  const settings: MatrixSetting[] = [];
  for (const producer of PRODUCER_MODES)
    for (const consumer of CONSUMER_MODES)
      for (const effect of EFFECT_MODES)
        for (const acks of ACKS)
          for (const dedupWindow of effect === 'idempotency-key' ? ['24h', '5m'] : [null]) {
            const setting = { producer, consumer, effect, acks, dedupWindow };
            if (valid(setting)) settings.push(setting);
          }
  return settings;
}

/** The scenario a cell runs: readable, replayable, the same file `npm run scenario` runs. */
export function cellScenario(setting: MatrixSetting, fault: MatrixFault, seed = 1): string {
  return [
    `# Crash-point matrix: ${settingTitle(setting)} × ${fault.title}`,
    `delivery producer=${setting.producer} consumer=${setting.consumer} effect=${setting.effect} acks=${setting.acks}${setting.dedupWindow ? ` dedup-window=${setting.dedupWindow}` : ''} seed=${seed}`,
    `produce ${MATRIX_TRANSFERS}`,
    ...fault.lines,
  ].join('\n');
}

export type CellOutcome = 'exactly-once' | 'duplicated' | 'lost' | 'lost+duplicated' | 'pending' | 'n/a';

export interface MatrixCell {
  readonly settingId: string;
  readonly faultId: string;
  readonly outcome: CellOutcome;
  readonly produced: number;
  readonly effects: number;
  readonly duplicates: number;
  readonly lost: number;
  /** Consume-transform-produce only: the output topic's verdict (Kafka → Kafka). */
  readonly output: CellOutcome | null;
}

function outcomeOf(duplicates: number, lost: number, pending: number): CellOutcome {
  if (pending > 0) return 'pending';
  if (duplicates > 0 && lost > 0) return 'lost+duplicated';
  if (duplicates > 0) return 'duplicated';
  if (lost > 0) return 'lost';
  return 'exactly-once';
}

export function runCell(setting: MatrixSetting, fault: MatrixFault): MatrixCell {
  const base = { settingId: settingId(setting), faultId: fault.id };
  if (fault.appliesTo && !fault.appliesTo(setting)) return { ...base, outcome: 'n/a', produced: 0, effects: 0, duplicates: 0, lost: 0, output: null };
  const parsed = parseScenario(cellScenario(setting, fault));
  if (!parsed.ok || parsed.scenario.lab !== 'delivery') throw new Error(`matrix cell ${base.settingId} × ${fault.id} does not parse: ${parsed.ok ? 'not a delivery scenario' : parsed.errors[0]!.message}`);
  const run = createDeliveryRun(parsed.scenario.config);
  for (const step of parsed.scenario.steps) applyDeliveryStep(run, step);
  const tally = deliveryTally(run.simulation);
  const output = outputTally(run.simulation);
  return {
    ...base,
    outcome: outcomeOf(tally.duplicates, tally.lost, tally.pending),
    produced: tally.produced,
    effects: tally.effects,
    duplicates: tally.duplicates,
    lost: tally.lost,
    output: output ? outcomeOf(output.duplicates, output.lost, output.pending) : null,
  };
}

export interface Matrix {
  readonly settings: readonly MatrixSetting[];
  readonly faults: readonly MatrixFault[];
  /** cells[row][column] */
  readonly cells: readonly (readonly MatrixCell[])[];
}

export function computeMatrix(settings: readonly MatrixSetting[] = CURATED_SETTINGS, faults: readonly MatrixFault[] = MATRIX_FAULTS): Matrix {
  return { settings, faults, cells: settings.map((setting) => faults.map((fault) => runCell(setting, fault))) };
}

export const OUTCOME_WORDS: Record<CellOutcome, string> = {
  'exactly-once': 'exactly once',
  duplicated: 'duplicated',
  lost: 'lost',
  'lost+duplicated': 'lost + duplicated',
  pending: 'still pending',
  'n/a': '—',
};

/** A Markdown snippet for the essay: settings, fault, outcome, and a link that reopens the cell. */
export function cellEvidence(setting: MatrixSetting, fault: MatrixFault, cell: MatrixCell, link: string): string {
  return [
    `**Delivery lab, crash-point matrix** — \`${settingTitle(setting)}\`, fault: *${fault.title}*`,
    '',
    `- Outcome: **${OUTCOME_WORDS[cell.outcome]}** — ${cell.produced} transfers produced, ${cell.effects} side effects applied, ${cell.duplicates} duplicated, ${cell.lost} lost${cell.output ? `; Kafka output topic: ${OUTCOME_WORDS[cell.output]}` : ''}.`,
    `- Replay: ${link}`,
    '',
    '```',
    cellScenario(setting, fault),
    '```',
  ].join('\n');
}

/** Find a setting and a fault by their ids (a cell link). */
export function findCell(settingKey: string, faultKey: string): { setting: MatrixSetting; fault: MatrixFault } | null {
  const setting = allSettings().find((candidate) => settingId(candidate) === settingKey);
  const fault = MATRIX_FAULTS.find((candidate) => candidate.id === faultKey);
  return setting && fault ? { setting, fault } : null;
}
