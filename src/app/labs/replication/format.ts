// How the replication lab writes LSNs and durations for people.
import { formatLsn } from '../../../kernel/protocols/replication/index.ts';

/** `0/3000118` as PostgreSQL prints it. */
export function formatLsnShort(lsn: number): string {
  return formatLsn(lsn);
}

export function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
