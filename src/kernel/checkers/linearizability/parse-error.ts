// The error every history parser throws: a message with the 1-based line and column it is about.

export class HistoryParseError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${line}:${column}: ${reason}`);
    this.name = 'HistoryParseError';
  }
}

/** Splits text into lines without their terminators (LF or CRLF), numbered from 1. */
export function numberedLines(text: string): { line: number; text: string }[] {
  return text.split('\n').map((lineText, index) => ({ line: index + 1, text: lineText.endsWith('\r') ? lineText.slice(0, -1) : lineText }));
}
