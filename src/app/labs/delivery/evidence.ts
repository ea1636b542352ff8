// Evidence for the essay: a run's settings, counts and what happened, as a small Markdown snippet with a link that reopens it.
import type { DeliveryFrame } from '../../../kernel/protocols/delivery/index.ts';

/** `link` reopens the run (its `replay` URL); `scenario` is the same run as a scenario file. */
export function settingEvidenceMarkdown(frame: DeliveryFrame, link: string, scenario: string): string {
  const { config, tally } = frame;
  const settings = `producer=${config.producer} consumer=${config.consumer} effect=${config.effect} acks=${config.acks}${config.effect === 'idempotency-key' ? ` dedup-window=${config.dedupWindowMs / 60_000} min` : ''} seed=${config.seed}`;
  const faults = frame.notes.filter((note) => note.kind !== 'info').map((note) => `  - ${(note.atMs / 1000).toFixed(2)} s: ${note.text}`);
  return [
    `**Delivery lab run** — \`${settings}\``,
    '',
    `- Outcome at ${(frame.nowMs / 1000).toFixed(1)} s: ${tally.produced} transfers produced, expected balance $${tally.expected}, actual $${tally.effects}; ${tally.duplicates} duplicated, ${tally.lost} lost, ${tally.pending} on the way — ${tally.guarantee}.`,
    ...(frame.outputTally ? [`- Kafka output topic: ${frame.outputTally.effects} records, ${frame.outputTally.duplicates} duplicated, ${frame.outputTally.lost} lost.`] : []),
    ...(faults.length > 0 ? ['- What happened:', ...faults.slice(-6)] : []),
    `- Replay: ${link}`,
    '',
    '```',
    scenario.trimEnd(),
    '```',
  ].join('\n');
}
