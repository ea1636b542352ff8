// Splits a scenario file into lines of whitespace-separated tokens, each with its 1-based column.

export interface Token {
  readonly text: string;
  /** 1-based column of the token's first character. */
  readonly column: number;
}

export interface ScenarioLine {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly tokens: readonly Token[];
  /** The line without its comment, trimmed: what the user wrote, for display. */
  readonly text: string;
  /**
   * Whole-line comments just above this line (blank lines break the run): the narration a
   * lesson shows before the step, e.g. what Figure 8's servers hold at that moment.
   */
  readonly narration: string;
}

export interface ScenarioError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export class ScenarioSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

/** A comment whose text starts with `@word` is a directive (`@beat`, `@rubric`), read by scenario/directives.ts. */
export function isDirectiveComment(commentText: string): boolean {
  return /^@[a-z]/i.test(commentText);
}

/** Lines that carry something (comments and blank lines dropped); `#` starts a comment. */
export function tokenizeScenario(source: string): ScenarioLine[] {
  const lines: ScenarioLine[] = [];
  let comments: string[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    const hash = raw.indexOf('#');
    const content = hash === -1 ? raw : raw.slice(0, hash);
    const tokens: Token[] = [];
    for (const match of content.matchAll(/[^\s|]+|\|/g)) {
      tokens.push({ text: match[0], column: (match.index ?? 0) + 1 });
    }
    if (tokens.length > 0) {
      lines.push({ line: index + 1, tokens, text: content.trim(), narration: comments.join(' ') });
      comments = [];
    } else if (hash !== -1) {
      const comment = raw.slice(hash + 1).trim();
      // `# @beat 60s …` and other directives (scenario/directives.ts) are for the talk, not its words.
      if (!isDirectiveComment(comment)) comments.push(comment);
    } else {
      comments = [];
    }
  });
  return lines;
}

/** `2s`, `500ms`, `1.5s` or a bare number of milliseconds, in milliseconds to the microsecond (an exported run's moments may fall between two milliseconds). */
export function parseDurationMs(token: Token, line: number): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(token.text);
  if (!match) throw new ScenarioSyntaxError(line, token.column, `expected a duration such as 500ms or 2s, got "${token.text}"`);
  const value = Number(match[1]) * (match[2] === 's' ? 1000 : 1);
  if (!Number.isFinite(value) || value > 24 * 3600 * 1000) {
    throw new ScenarioSyntaxError(line, token.column, `duration "${token.text}" is too long (at most 24 h)`);
  }
  return Math.round(value * 1000) / 1000;
}

export function parseWholeNumber(text: string, line: number, column: number, what: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new ScenarioSyntaxError(line, column, `${what} must be a whole number, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max) throw new ScenarioSyntaxError(line, column, `${what} must be from ${min} to ${max}, got ${value}`);
  return value;
}

/** Splits `key=value` options; reports the column of a malformed one. */
export function parseOption(token: Token, line: number): { key: string; value: string; valueColumn: number } {
  const equals = token.text.indexOf('=');
  if (equals <= 0 || equals === token.text.length - 1) {
    throw new ScenarioSyntaxError(line, token.column, `expected an option like key=value, got "${token.text}"`);
  }
  return { key: token.text.slice(0, equals), value: token.text.slice(equals + 1), valueColumn: token.column + equals + 1 };
}

/** Turns a thrown ScenarioSyntaxError into a reported error; anything else is a real bug. */
export function toScenarioError(error: unknown): ScenarioError {
  if (error instanceof ScenarioSyntaxError) return { line: error.line, column: error.column, message: error.message };
  throw error;
}

/** A duration of at least 1 ms inside an option value (`heartbeat=50ms`). */
export function parseMs(text: string, line: number, column: number, what: string): number {
  const value = parseDurationMs({ text, column }, line);
  if (value < 1) throw new ScenarioSyntaxError(line, column, `${what} must be at least 1 ms`);
  return value;
}

/** `150-300` (ms, or with units) or a single value meaning min = max. */
export function parseRange(text: string, line: number, column: number, what: string): [number, number] {
  const parts = text.split('-');
  if (parts.length === 1) {
    const value = parseMs(text, line, column, what);
    return [value, value];
  }
  if (parts.length !== 2) throw new ScenarioSyntaxError(line, column, `${what} must be a range like 150-300 (ms), got "${text}"`);
  const min = parseMs(parts[0]!, line, column, what);
  const max = parseMs(parts[1]!, line, column + parts[0]!.length + 1, what);
  if (max < min) throw new ScenarioSyntaxError(line, column, `${what} range ${text} ends before it starts`);
  return [min, max];
}

/** A whole percentage, `10` or `10%`. */
export function parsePercent(text: string, line: number, column: number, what: string): number {
  return parseWholeNumber(text.replace(/%$/, ''), line, column, `${what} (percent)`, 0, 100);
}

/**
 * `partition a,b | c,d,e`: the groups of ids between `|` separators, each id read by `readId`
 * (which reports unknown ids); an id named twice or an empty group is an error.
 */
export function parsePartitionGroups<Id extends string>(line: ScenarioLine, args: readonly Token[], readId: (token: Token) => Id, usage: string): Id[][] {
  const groups: Id[][] = [[]];
  const seen = new Set<Id>();
  for (const token of args) {
    if (token.text === '|') {
      groups.push([]);
      continue;
    }
    let column = token.column;
    for (const part of token.text.split(',')) {
      if (part !== '') {
        const id = readId({ text: part, column });
        if (seen.has(id)) throw new ScenarioSyntaxError(line.line, column, `${id} is named twice`);
        seen.add(id);
        groups[groups.length - 1]!.push(id);
      }
      column += part.length + 1;
    }
  }
  if (seen.size === 0) throw new ScenarioSyntaxError(line.line, line.tokens[0]!.column, `usage: ${usage}`);
  if (groups.some((group) => group.length === 0)) {
    throw new ScenarioSyntaxError(line.line, line.tokens[0]!.column, 'a partition group is empty (check the | separators)');
  }
  return groups;
}

/**
 * A lesson's introduction: the comment block at the top of the file, above the header line (the
 * header's own narration). Blank comment lines inside it start a new paragraph.
 */
export function scenarioIntroduction(source: string): string {
  const paragraphs: string[][] = [[]];
  for (const raw of source.split(/\r?\n/)) {
    const hash = raw.indexOf('#');
    const content = hash === -1 ? raw : raw.slice(0, hash);
    if (content.trim()) break;
    if (hash === -1) continue;
    const text = raw.slice(hash + 1).trim();
    if (isDirectiveComment(text)) continue;
    if (text) paragraphs[paragraphs.length - 1]!.push(text);
    else if (paragraphs[paragraphs.length - 1]!.length > 0) paragraphs.push([]);
  }
  return paragraphs
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join(' '))
    .join('\n\n');
}

/**
 * Every grammar's outer loop: read the header (on an error, go on with `fallbackConfig` so one run
 * reports every bad line), then each step, collecting one error per bad line. `parseStep` may keep
 * state across lines (e.g. the node set as it will be at each line).
 */
export function parseScenarioLines<Config, Step>(
  header: ScenarioLine,
  body: readonly ScenarioLine[],
  grammar: {
    readonly parseHeader: (header: ScenarioLine) => Config;
    readonly fallbackConfig: () => Config;
    readonly parseStep: (line: ScenarioLine, config: Config) => Step;
  },
): { readonly ok: true; readonly config: Config; readonly steps: Step[] } | { readonly ok: false; readonly errors: readonly ScenarioError[] } {
  const errors: ScenarioError[] = [];
  let config: Config;
  try {
    config = grammar.parseHeader(header);
  } catch (error) {
    errors.push(toScenarioError(error));
    config = grammar.fallbackConfig();
  }
  const steps: Step[] = [];
  for (const line of body) {
    try {
      steps.push(grammar.parseStep(line, config));
    } catch (error) {
      errors.push(toScenarioError(error));
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config, steps };
}
