// The delivery lab's URL: `#/delivery?seed=1&producer=at-least-once&consumer=commit-after&effect=plain&acks=all`
// ⇄ a starting config; `?scenario=delivery-…` opens a preset; `?cell=<setting>~<fault>` replays a matrix cell.
import { decodeSharedScenario, readSharedScenario } from '../../kit/sharedScenario.ts';
import { readUrlParameters } from '../../kit/urlParameters.ts';
import { ACKS, CONSUMER_MODES, defaultDeliveryConfig, EFFECT_MODES, PRODUCER_MODES, validateDeliveryConfig, type Acks, type ConsumerMode, type DeliveryConfig, type EffectMode, type ProducerMode } from '../../../kernel/protocols/delivery/index.ts';
import { parseDeliveryDuration } from '../../../scenario/delivery.ts';
import { ScenarioSyntaxError } from '../../../scenario/lexer.ts';

export const KNOWN_PARAMETERS = ['seed', 'producer', 'consumer', 'effect', 'acks', 'window', 'scenario', 'cell', 'replay', 'actions', 'speed'] as const;

export interface DeliveryUrlSettings {
  readonly config: DeliveryConfig;
  readonly seedMissing: boolean;
  readonly scenario: string | null;
  /** A matrix cell to replay: `<setting id>~<fault id>`. */
  readonly cell: string | null;
  /** A shared run (`actions=`, or `replay=` from the evidence export): its scenario text, decoded. */
  readonly replay: string | null;
  readonly speed: number | null;
}

export type DeliveryUrlResult = { readonly ok: true; readonly settings: DeliveryUrlSettings } | { readonly ok: false; readonly problems: readonly string[] };

export function parseDeliveryUrl(params: URLSearchParams): DeliveryUrlResult {
  const url = readUrlParameters(params, KNOWN_PARAMETERS);
  const { problems } = url;
  const seed = url.whole('seed', 0, 0xffffffff);
  const speed = url.whole('speed', 1, 100_000);
  const producer = url.oneOf<ProducerMode>('producer', PRODUCER_MODES) ?? 'at-least-once';
  const consumer = url.oneOf<ConsumerMode>('consumer', CONSUMER_MODES) ?? 'commit-after';
  const effect = url.oneOf<EffectMode>('effect', EFFECT_MODES) ?? 'plain';
  const acks = url.oneOf<Acks>('acks', ACKS) ?? 'all';
  const scenario = url.matching('scenario', /^delivery-[a-z0-9-]+$/, 'a delivery preset name (delivery-…)');
  const cell = url.matching('cell', /^[a-z0-9.-]+~[a-z0-9-]+$/, 'a crash-point matrix cell (<setting>~<fault>)');
  const replayCode = url.matching('replay', /^[A-Za-z0-9_-]+$/, 'an exported run (base64url text)');
  // `replay=` (the essay evidence's links) and `actions=` ("Replay what you did") carry the same thing.
  let replay = readSharedScenario(params, problems, scenario !== null || replayCode !== null);
  if (replayCode !== null) {
    const decoded = decodeSharedScenario(replayCode);
    if (decoded.ok) replay = decoded.text;
    else problems.push('“replay” is not an exported run (it does not decode as text).');
  }
  let dedupWindowMs: number | null = null;
  const windowText = params.get('window');
  if (windowText !== null) {
    try {
      dedupWindowMs = parseDeliveryDuration(windowText, 1, 1, 'window');
    } catch (error) {
      if (!(error instanceof ScenarioSyntaxError)) throw error;
      problems.push(`“window” ${error.message.replace(/^window /, '')}.`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const config = defaultDeliveryConfig({ producer, consumer, effect, acks, ...(seed !== null ? { seed } : {}), ...(dedupWindowMs !== null ? { dedupWindowMs } : {}) });
  const configProblems = validateDeliveryConfig(config);
  if (configProblems.length > 0) return { ok: false, problems: configProblems };
  return { ok: true, settings: { config, seedMissing: seed === null && scenario === null && cell === null && replay === null, scenario, cell, replay, speed } };
}

export function formatWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** URL parameters for a starting config. */
export function deliveryUrlParameters(config: DeliveryConfig): Record<string, string> {
  const parameters: Record<string, string> = { seed: String(config.seed), producer: config.producer, consumer: config.consumer, effect: config.effect, acks: config.acks };
  if (config.effect === 'idempotency-key') parameters.window = formatWindow(config.dedupWindowMs);
  return parameters;
}
