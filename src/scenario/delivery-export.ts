// A run as a `delivery` scenario: the config as the header, each user command at its virtual time
// (with `run` between them), so a run exported for the essay replays exactly — deterministic
// simulation, same seed, same commands at the same moments.

import { defaultDeliveryConfig, type DeliveryCommand, type DeliveryConfig } from '../kernel/protocols/delivery/index.ts';

function formatDurationWord(ms: number): string {
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms > 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

export function deliveryHeader(config: DeliveryConfig): string {
  const defaults = defaultDeliveryConfig();
  const options = [`producer=${config.producer}`, `consumer=${config.consumer}`, `effect=${config.effect}`, `acks=${config.acks}`];
  if (config.effect === 'idempotency-key') options.push(`dedup-window=${formatDurationWord(config.dedupWindowMs)}`);
  if (config.isolation !== defaults.isolation) options.push(`isolation=${config.isolation}`);
  if (config.partitions !== defaults.partitions) options.push(`partitions=${config.partitions}`);
  if (config.autoCommitIntervalMs !== defaults.autoCommitIntervalMs) options.push(`auto-commit-interval=${formatDurationWord(config.autoCommitIntervalMs)}`);
  if (config.requestTimeoutMs !== defaults.requestTimeoutMs) options.push(`request-timeout=${formatDurationWord(config.requestTimeoutMs)}`);
  if (config.bug) options.push(`bug=${config.bug}`);
  return `delivery ${options.join(' ')} seed=${config.seed}`;
}

export function commandLine(command: DeliveryCommand): string {
  switch (command.type) {
    case 'produce':
      return `produce ${command.count}`;
    case 'arm-crash':
      return `crash ${command.trap.node} ${command.trap.point}`;
    case 'lose-next-ack':
      return 'lose next ack';
    case 'failover':
      return 'failover broker';
    case 'zombie':
      return 'zombie producer';
    case 'rebalance':
      return command.when === 'now' ? 'rebalance' : 'rebalance after-effect';
    case 'crash':
    case 'restart':
      return `${command.type} ${command.node}`;
    default:
      throw new RangeError(`the delivery grammar has no words for a "${command.type}" command`);
  }
}

/** The scenario that replays `commands` (each at its virtual time) on `config` up to `endMs`. */
export function deliveryScenarioOf(config: DeliveryConfig, commands: readonly { readonly timeMs: number; readonly command: DeliveryCommand }[], endMs: number): string {
  const lines = [deliveryHeader(config)];
  let atMs = 0;
  for (const { timeMs, command } of commands) {
    if (timeMs > atMs) lines.push(`run ${formatDurationWord(timeMs - atMs)}`);
    atMs = Math.max(atMs, timeMs);
    lines.push(commandLine(command));
  }
  if (endMs > atMs) lines.push(`run ${formatDurationWord(endMs - atMs)}`);
  return `${lines.join('\n')}\n`;
}
