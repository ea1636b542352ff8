// Shared by the live lab's tests: fail fast with the exact install command when etcd or PostgreSQL is missing; read a process's memory.

import { readFileSync } from 'node:fs';
import { findEtcd, findPostgres } from './binaries.ts';

export function requireRealSystems(which: { etcd?: boolean; postgres?: boolean }): void {
  const problems: string[] = [];
  if (which.etcd) {
    const found = findEtcd();
    if (!found.ok) problems.push(`${found.problem} ${found.install}`);
  }
  if (which.postgres) {
    const found = findPostgres();
    if (!found.ok) problems.push(`${found.problem} ${found.install}`);
  }
  if (problems.length > 0) throw new Error(`The live lab's tests run real etcd and PostgreSQL. ${problems.join(' ')}`);
}

/** Resident memory (VmRSS) of one process; callers sum over a process and its descendants. */
export function residentMemoryBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
