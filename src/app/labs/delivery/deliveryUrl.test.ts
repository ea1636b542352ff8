// The delivery lab's URL: settings, presets, matrix cells and exported runs, with a sentence per problem.
import { describe, expect, it } from 'vitest';
import { decodeSharedScenario, encodeSharedScenario } from '../../kit/sharedScenario.ts';
import { deliveryUrlParameters, parseDeliveryUrl } from './deliveryUrl.ts';

const parse = (query: string) => parseDeliveryUrl(new URLSearchParams(query));

describe('delivery URL', () => {
  it('reads the settings and writes them back', () => {
    const result = parse('seed=4&producer=idempotent&consumer=auto-commit&effect=idempotency-key&acks=all&window=5m');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.settings.config).toMatchObject({ seed: 4, producer: 'idempotent', consumer: 'auto-commit', effect: 'idempotency-key', dedupWindowMs: 300_000 });
    expect(deliveryUrlParameters(result.settings.config)).toEqual({ seed: '4', producer: 'idempotent', consumer: 'auto-commit', effect: 'idempotency-key', acks: 'all', window: '5m' });
  });

  it('says what is wrong, one sentence per problem', () => {
    const result = parse('producer=exactly-once&window=soon&colour=red');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([expect.stringContaining('Unknown parameter “colour”'), expect.stringContaining('“producer” must be one of'), expect.stringContaining('“window”')]);
    const refused = parse('producer=transactional&acks=1&seed=1');
    expect(!refused.ok && refused.problems[0]).toMatch(/acks=all/);
  });

  it('carries an exported run as base64url text, and refuses what does not decode', () => {
    const source = 'delivery producer=at-least-once seed=3\nproduce 5 # “quoted”\n';
    const code = encodeSharedScenario(source);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSharedScenario(code)).toEqual({ ok: true, text: source });
    const result = parse(`replay=${code}`);
    expect(result.ok && result.settings).toMatchObject({ replay: source, seedMissing: false });
    expect(parse('replay=_-_-').ok).toBe(false);
    // "Replay what you did" links (actions=) open the same way; a preset and a run together are refused.
    expect(parse(`actions=${code}`)).toMatchObject({ ok: true, settings: { replay: source } });
    const both = parse(`scenario=delivery-duplicate-charge&actions=${code}`);
    expect(!both.ok && both.problems.join(' ')).toMatch(/not both/);
  });
});
