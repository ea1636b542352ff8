// The crash-point matrix: every fault point × every setting, computed in the worker, one table
// whose cells say lost / duplicated / exactly once. A cell opens a replay of itself; its evidence
// exports as Markdown.
import { useEffect, useState } from 'react';
import { cellEvidence, MATRIX_FAULTS, MATRIX_TRANSFERS, OUTCOME_WORDS, settingId, settingTitle, type MatrixCell, type MatrixSetting } from '../../../scenario/delivery-matrix.ts';
import { navigate, routeHref } from '../../shell/router.ts';
import { useDeliveryStore, useDeliveryStoreApi } from './deliveryContext.ts';
import { selectMatrix } from './deliveryStore.ts';

const SHORT: Record<MatrixCell['outcome'], string> = { 'exactly-once': 'once', duplicated: 'DUP', lost: 'LOST', 'lost+duplicated': 'LOST+DUP', pending: '…', 'n/a': '—' };

function cellLink(setting: MatrixSetting, cell: MatrixCell): string {
  return routeHref('/delivery', { cell: `${settingId(setting)}~${cell.faultId}` });
}

export function MatrixPanel() {
  const matrix = useDeliveryStore(selectMatrix);
  const actions = useDeliveryStoreApi().getState().actions;
  const [picked, setPicked] = useState<{ row: number; column: number } | null>(null);
  useEffect(() => {
    if (!matrix) void actions.startMatrix('curated');
  }, [matrix, actions]);
  const pickedSetting = picked && matrix ? matrix.settings[picked.row] : undefined;
  const pickedCell = picked && matrix ? matrix.rows[picked.row]?.[picked.column] : undefined;
  const evidence = pickedSetting && pickedCell ? cellEvidence(pickedSetting, MATRIX_FAULTS[picked!.column]!, pickedCell, `${window.location.origin}${window.location.pathname}${cellLink(pickedSetting, pickedCell)}`) : null;
  return (
    <div className="d-matrix" data-testid="matrix">
      <p className="d-matrix-intro">
        Each cell: {MATRIX_TRANSFERS} transfers, one fault at the first message it reaches, recovery, run to the end. <strong>once</strong> = every transfer paid exactly once; <strong>DUP</strong> = some
        paid twice; <strong>LOST</strong> = some never paid; <em>k:</em> = the Kafka output topic, where it differs. Click a cell to pick it; open it to replay it step by step.
      </p>
      <div className="d-matrix-controls">
        <button type="button" onClick={() => void actions.startMatrix('curated')} aria-pressed={matrix?.scope === 'curated'} data-testid="matrix-curated">
          Lesson rows
        </button>
        <button type="button" onClick={() => void actions.startMatrix('all')} aria-pressed={matrix?.scope === 'all'} data-testid="matrix-all">
          Every setting
        </button>
        {matrix && (
          <span role="status" data-testid="matrix-progress" data-done={!matrix.running}>
            {matrix.running ? `computing in the worker… ${matrix.rows.length} of ${matrix.total || '?'} settings` : `${matrix.rows.length} settings × ${MATRIX_FAULTS.length} faults`}
          </span>
        )}
      </div>
      <div className="d-matrix-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">setting</th>
              {MATRIX_FAULTS.map((fault) => (
                <th key={fault.id} scope="col">
                  {fault.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix?.rows.map((row, rowIndex) => (
              <tr key={settingId(matrix.settings[rowIndex]!)}>
                <th scope="row">{settingTitle(matrix.settings[rowIndex]!).replace(/ /g, ' · ').replace(/producer=|consumer=|effect=/g, '')}</th>
                {row.map((cell, columnIndex) => (
                  <td key={cell.faultId} className={`d-cell d-cell-${cell.outcome} ${picked?.row === rowIndex && picked.column === columnIndex ? 'd-cell-picked' : ''}`}>
                    {cell.outcome === 'n/a' ? (
                      '—'
                    ) : (
                      <button
                        type="button"
                        data-testid={`cell-${rowIndex}-${cell.faultId}`}
                        data-outcome={cell.outcome}
                        aria-label={`${settingTitle(matrix.settings[rowIndex]!)}, ${MATRIX_FAULTS[columnIndex]!.title}: ${OUTCOME_WORDS[cell.outcome]}${cell.output ? `; Kafka output ${OUTCOME_WORDS[cell.output]}` : ''}`}
                        onClick={() => setPicked({ row: rowIndex, column: columnIndex })}
                      >
                        {SHORT[cell.outcome]}
                        {cell.output && cell.output !== cell.outcome ? ` k:${SHORT[cell.output]}` : ''}
                      </button>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pickedSetting && pickedCell && evidence && (
        <div className="d-matrix-picked" data-testid="matrix-picked">
          <p>
            <strong>{OUTCOME_WORDS[pickedCell.outcome]}</strong> — {settingTitle(pickedSetting)} × {MATRIX_FAULTS[picked!.column]!.title}: {pickedCell.effects} effects for {pickedCell.produced} transfers,{' '}
            {pickedCell.duplicates} duplicated, {pickedCell.lost} lost.{' '}
            <button type="button" data-testid="open-cell" onClick={() => navigate(cellLink(pickedSetting, pickedCell))}>
              Replay this cell
            </button>
          </p>
          <textarea readOnly value={evidence} aria-label="Cell evidence (Markdown)" rows={6} data-testid="cell-evidence" />
        </div>
      )}
    </div>
  );
}
