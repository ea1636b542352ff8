// Why a scenario file could not be loaded: each error with its line and column, and the source
// line with a caret under the column (text only; a file's content is never treated as HTML).
import type { ScenarioError } from '../../scenario/lexer.ts';

export function ScenarioLoadErrors({
  name,
  source,
  errors,
  onClose,
  testId,
}: {
  readonly name: string;
  readonly source: string;
  readonly errors: readonly ScenarioError[];
  readonly onClose: () => void;
  readonly testId: string;
}) {
  const sourceLines = source.split(/\r?\n/);
  return (
    <div role="alert" data-testid={testId}>
      <p>
        <strong>{name}</strong> could not be loaded:
      </p>
      <ul className="error-list">
        {errors.map((error) => (
          <li key={`${error.line}:${error.column}:${error.message}`}>
            {error.line > 0 ? `Line ${error.line}, column ${error.column}: ` : ''}
            {error.message}
            {error.line > 0 && sourceLines[error.line - 1] !== undefined && (
              <pre className="scenario-source">{`${sourceLines[error.line - 1]}\n${' '.repeat(Math.max(0, error.column - 1))}^`}</pre>
            )}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
