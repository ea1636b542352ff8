// The kit's reader of a lab's URL parameters: every lab checks the same things the same way — unknown
// names, a name given twice, whole numbers and decimals in range, on/off switches, one of a list —
// and collects one readable sentence per problem for the lab's `UrlProblems` page.

export interface UrlParameterReader {
  /** Every problem found so far, one sentence each. */
  readonly problems: string[];
  /** The raw text of a parameter, or null when absent. */
  text(name: string): string | null;
  whole(name: string, min: number, max: number): number | null;
  decimal(name: string, min: number, max: number): number | null;
  /** on/off, 1/0, true/false. */
  onOff(name: string): boolean | null;
  oneOf<Choice extends string>(name: string, choices: readonly Choice[]): Choice | null;
  /** A text that must match `pattern`; `what` says what was expected. */
  matching(name: string, pattern: RegExp, what: string): string | null;
}

/** Parameters every lab takes, read here so each lab's reader checks them the same way: `present` (presenter mode, kit/presenter). */
export const KIT_PARAMETERS = ['present'] as const;

export function readUrlParameters(params: URLSearchParams, labKnown: readonly string[]): UrlParameterReader {
  const known = [...labKnown, ...KIT_PARAMETERS.filter((name) => !labKnown.includes(name))];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (!known.includes(key)) problems.push(`Unknown parameter “${key}”. Known parameters: ${known.join(', ')}.`);
    else if (seen.has(key)) problems.push(`“${key}” is given more than once (${params.getAll(key).map((value) => `“${value}”`).join(', ')}): keep one.`);
    seen.add(key);
  }
  const number = (value: number) => value.toLocaleString('en-US');
  const present = params.get('present');
  if (present !== null && !['1', '0', 'on', 'off', 'true', 'false'].includes(present)) problems.push(`“present” must be on or off (1 or 0); got “${present}”.`);
  return {
    problems,
    text: (name) => params.get(name),
    whole(name, min, max) {
      const raw = params.get(name);
      if (raw === null) return null;
      if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
        problems.push(`“${name}” must be a whole number from ${number(min)} to ${number(max)}; got “${raw}”.`);
        return null;
      }
      return Number(raw);
    },
    decimal(name, min, max) {
      const raw = params.get(name);
      if (raw === null) return null;
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
        problems.push(`“${name}” must be a number from ${min} to ${max}; got “${raw}”.`);
        return null;
      }
      return value;
    },
    onOff(name) {
      const raw = params.get(name);
      if (raw === null) return null;
      if (raw === '1' || raw === 'on' || raw === 'true') return true;
      if (raw === '0' || raw === 'off' || raw === 'false') return false;
      problems.push(`“${name}” must be on or off (1 or 0); got “${raw}”.`);
      return null;
    },
    oneOf(name, choices) {
      const raw = params.get(name);
      if (raw === null) return null;
      if ((choices as readonly string[]).includes(raw)) return raw as (typeof choices)[number];
      problems.push(`“${name}” must be ${choices.length === 2 ? `${choices[0]} or ${choices[1]}` : `one of ${choices.join(', ')}`}; got “${raw}”.`);
      return null;
    },
    matching(name, pattern, what) {
      const raw = params.get(name);
      if (raw === null) return null;
      if (pattern.test(raw)) return raw;
      problems.push(`“${name}” must be ${what}; got “${raw}”.`);
      return null;
    },
  };
}
