// `npm run experiment -- delivery-matrix [--all]`: the crash-point matrix as a table — each cell a
// scenario (produce 5, one fault, recovery) run to quiescence: exactly once, duplicated or lost.

import { allSettings, computeMatrix, CURATED_SETTINGS, MATRIX_FAULTS, MATRIX_TRANSFERS, OUTCOME_WORDS, settingTitle, type MatrixCell } from '../scenario/delivery-matrix.ts';

const SHORT: Record<MatrixCell['outcome'], string> = { 'exactly-once': 'once', duplicated: 'DUP', lost: 'LOST', 'lost+duplicated': 'LOST+DUP', pending: 'pending', 'n/a': '-' };

export function runDeliveryMatrixExperiment(args: readonly string[], print: (line: string) => void): number {
  const settings = args.includes('--all') ? allSettings() : CURATED_SETTINGS;
  const started = performance.now();
  const matrix = computeMatrix(settings);
  const elapsedMs = performance.now() - started;
  print(`Crash-point matrix: ${settings.length} settings × ${MATRIX_FAULTS.length} faults; each cell produces ${MATRIX_TRANSFERS} $1 transfers, strikes the fault at the first message it reaches, recovers, and runs to quiescence (seed 1).`);
  print(`Cells: once = every transfer took effect exactly once; DUP = some transfer paid twice; LOST = some never paid; [k] = the Kafka output topic (consume-transform-produce) when it differs. Computed in ${elapsedMs.toFixed(0)} ms.`);
  print('');
  MATRIX_FAULTS.forEach((fault, index) => print(`  f${index + 1}: ${fault.title}`));
  print('');
  const width = 14;
  print(`${'setting'.padEnd(92)}${MATRIX_FAULTS.map((_, index) => `f${index + 1}`.padStart(width)).join('')}`);
  matrix.cells.forEach((row, index) => {
    const cells = row.map((cell) => {
      const text = SHORT[cell.outcome] + (cell.output && cell.output !== cell.outcome ? `[k:${SHORT[cell.output]}]` : '');
      return text.padStart(width);
    });
    print(`${settingTitle(settings[index]!).padEnd(92)}${cells.join('')}`);
  });
  const counts = new Map<string, number>();
  for (const cell of matrix.cells.flat()) counts.set(cell.outcome, (counts.get(cell.outcome) ?? 0) + 1);
  print('');
  print(`Totals: ${[...counts].map(([outcome, count]) => `${OUTCOME_WORDS[outcome as MatrixCell['outcome']]} ${count}`).join(', ')}`);
  return 0;
}
