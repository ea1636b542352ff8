// The live lab's commands as plain data, and the one validator every command from the page passes through.
//
// The page never sends a command line: it sends one of these objects, checked field by field here
// (known type, node ids of the form nK, bounded keys and values); anything else is refused with a
// sentence saying what was wrong.

export const DRILL_NAMES = ['etcd-quorum', 'postgres-split-brain'] as const;
export type DrillName = (typeof DRILL_NAMES)[number];

export type LiveCommand =
  | { readonly type: 'etcd.start'; readonly members: 3 | 5 }
  | { readonly type: 'etcd.stop' | 'etcd.heal' | 'postgres.stop' | 'postgres.heal' }
  | { readonly type: 'etcd.kill' | 'etcd.pause' | 'etcd.resume' | 'etcd.restart' | 'etcd.isolate'; readonly node: string }
  | { readonly type: 'etcd.partition' | 'postgres.partition'; readonly groups: readonly (readonly string[])[] }
  | { readonly type: 'etcd.put'; readonly key: string; readonly value: string; readonly via: string }
  | { readonly type: 'etcd.get'; readonly key: string; readonly via: string; readonly serializable: boolean }
  | { readonly type: 'postgres.start'; readonly mode: 'async' | 'sync' }
  | { readonly type: 'postgres.crash' | 'postgres.restart' | 'postgres.promote' | 'postgres.rewind' | 'postgres.isolate'; readonly node: string }
  | { readonly type: 'postgres.write'; readonly key: string; readonly value: string; readonly via: string }
  | { readonly type: 'postgres.read'; readonly key: string; readonly via: string }
  | { readonly type: 'drill.setup' | 'drill.check' | 'drill.solve'; readonly drill: DrillName };

export type LiveCommandType = LiveCommand['type'];

const NODE_COMMANDS = new Set(['etcd.kill', 'etcd.pause', 'etcd.resume', 'etcd.restart', 'etcd.isolate', 'postgres.crash', 'postgres.restart', 'postgres.promote', 'postgres.rewind', 'postgres.isolate']);
const BARE_COMMANDS = new Set(['etcd.stop', 'etcd.heal', 'postgres.stop', 'postgres.heal']);
const KNOWN_TYPES = [
  'etcd.start',
  ...BARE_COMMANDS,
  ...NODE_COMMANDS,
  'etcd.partition',
  'postgres.partition',
  'etcd.put',
  'etcd.get',
  'postgres.start',
  'postgres.write',
  'postgres.read',
  'drill.setup',
  'drill.check',
  'drill.solve',
];

const NODE_PATTERN = /^n[1-9]$/;
const KEY_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
const VALUE_PATTERN = /^[\x20-\x7e]{0,256}$/;

export type Validated = { readonly ok: true; readonly command: LiveCommand } | { readonly ok: false; readonly problem: string };

/** Checks an untrusted JSON value; unknown fields are refused too, so a typo never passes silently. */
export function validateLiveCommand(input: unknown): Validated {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problem: 'a command is a JSON object with a "type"' };
  const record = input as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string' || !KNOWN_TYPES.includes(type)) return { ok: false, problem: `unknown command type ${JSON.stringify(type)} (known: ${KNOWN_TYPES.join(', ')})` };
  const allowed = (...fields: string[]): string | null => {
    const extra = Object.keys(record).filter((field) => field !== 'type' && !fields.includes(field));
    return extra.length > 0 ? `${type} takes ${fields.length > 0 ? fields.join(', ') : 'no other fields'}; unexpected: ${extra.join(', ')}` : null;
  };
  const node = (field: string): string | null => {
    const value = record[field];
    return typeof value === 'string' && NODE_PATTERN.test(value) ? null : `${field} must be a node id n1..n9, got ${JSON.stringify(value)}`;
  };
  const key = (): string | null => (typeof record.key === 'string' && KEY_PATTERN.test(record.key) ? null : 'key must be 1 to 64 letters, digits, "_", "." or "-"');
  const value = (): string | null => (typeof record.value === 'string' && VALUE_PATTERN.test(record.value) ? null : 'value must be at most 256 printable ASCII characters');
  const first = (...problems: (string | null)[]): Validated => {
    const problem = problems.find((candidate) => candidate !== null);
    return problem ? { ok: false, problem } : { ok: true, command: record as unknown as LiveCommand };
  };
  if (BARE_COMMANDS.has(type)) return first(allowed());
  if (NODE_COMMANDS.has(type)) return first(allowed('node'), node('node'));
  switch (type) {
    case 'etcd.start':
      return first(allowed('members'), record.members === 3 || record.members === 5 ? null : 'members must be 3 or 5');
    case 'postgres.start':
      return first(allowed('mode'), record.mode === 'async' || record.mode === 'sync' ? null : 'mode must be "async" or "sync"');
    case 'etcd.partition':
    case 'postgres.partition': {
      const groups = record.groups;
      const valid =
        Array.isArray(groups) &&
        groups.length >= 1 &&
        groups.length <= 9 &&
        groups.every((group) => Array.isArray(group) && group.length >= 1 && group.every((id) => typeof id === 'string' && NODE_PATTERN.test(id))) &&
        new Set(groups.flat()).size === groups.flat().length;
      return first(allowed('groups'), valid ? null : 'groups must be non-empty lists of distinct node ids, e.g. [["n1"],["n2","n3"]]');
    }
    case 'etcd.put':
    case 'postgres.write':
      return first(allowed('key', 'value', 'via'), key(), value(), node('via'));
    case 'etcd.get':
      return first(allowed('key', 'via', 'serializable'), key(), node('via'), typeof record.serializable === 'boolean' ? null : 'serializable must be true or false');
    case 'postgres.read':
      return first(allowed('key', 'via'), key(), node('via'));
    default:
      return first(allowed('drill'), typeof record.drill === 'string' && (DRILL_NAMES as readonly string[]).includes(record.drill) ? null : `drill must be one of ${DRILL_NAMES.join(', ')}`);
  }
}
