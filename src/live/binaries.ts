// Finds the real etcd and PostgreSQL programs the live lab runs, or says exactly what to install.

import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const INSTALL_COMMAND = 'apt-get update && apt-get install -y etcd-server etcd-client postgresql';

export interface EtcdBinaries {
  readonly etcd: string;
}

/** The PostgreSQL programs the lab uses (pg_promote() and SQL do the rest). */
export interface PostgresBinaries {
  readonly binDir: string;
  readonly initdb: string;
  readonly postgres: string;
  readonly pgBasebackup: string;
  readonly pgRewind: string;
}

export type Found<T> = { readonly ok: true; readonly binaries: T } | { readonly ok: false; readonly problem: string; readonly install: string };

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathVariable: string | undefined): string | null {
  for (const folder of (pathVariable ?? '').split(delimiter)) {
    if (folder !== '' && isExecutable(join(folder, name))) return join(folder, name);
  }
  return null;
}

function installAdvice(what: string): string {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return `${what} Install Debian's packages: ${root ? '' : 'sudo sh -c "'}${INSTALL_COMMAND}${root ? '' : '"'}`;
}

/** `$ETCD_BIN`, then `etcd` on PATH, then Debian's /usr/bin/etcd (package etcd-server). */
export function findEtcd(env: NodeJS.ProcessEnv = process.env): Found<EtcdBinaries> {
  const fromVariable = env.ETCD_BIN;
  if (fromVariable) {
    return isExecutable(fromVariable)
      ? { ok: true, binaries: { etcd: fromVariable } }
      : { ok: false, problem: `ETCD_BIN=${fromVariable} is not an executable file.`, install: installAdvice('Point ETCD_BIN at an etcd binary, or unset it.') };
  }
  const found = onPath('etcd', env.PATH) ?? (isExecutable('/usr/bin/etcd') ? '/usr/bin/etcd' : null);
  if (found) return { ok: true, binaries: { etcd: found } };
  return { ok: false, problem: 'etcd was not found (ETCD_BIN unset, no etcd on PATH).', install: installAdvice('The etcd drills need the etcd server.') };
}

const POSTGRES_PROGRAMS = { initdb: 'initdb', postgres: 'postgres', pgBasebackup: 'pg_basebackup', pgRewind: 'pg_rewind' } as const;

function postgresIn(binDir: string): PostgresBinaries | string[] {
  const missing = Object.values(POSTGRES_PROGRAMS).filter((name) => !isExecutable(join(binDir, name)));
  if (missing.length > 0) return missing;
  return {
    binDir,
    initdb: join(binDir, 'initdb'),
    postgres: join(binDir, 'postgres'),
    pgBasebackup: join(binDir, 'pg_basebackup'),
    pgRewind: join(binDir, 'pg_rewind'),
  };
}

/** `$PG_BIN`, then the folder of `initdb` on PATH, then Debian's newest /usr/lib/postgresql/<major>/bin. */
export function findPostgres(env: NodeJS.ProcessEnv = process.env): Found<PostgresBinaries> {
  const candidates: string[] = [];
  if (env.PG_BIN) {
    const found = postgresIn(env.PG_BIN);
    if (Array.isArray(found)) {
      return { ok: false, problem: `PG_BIN=${env.PG_BIN} lacks ${found.join(', ')}.`, install: installAdvice('Point PG_BIN at a PostgreSQL bin folder, or unset it.') };
    }
    return { ok: true, binaries: found };
  }
  const initdbOnPath = onPath('initdb', env.PATH);
  if (initdbOnPath) candidates.push(initdbOnPath.slice(0, -'/initdb'.length));
  try {
    const majors = readdirSync('/usr/lib/postgresql')
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) candidates.push(`/usr/lib/postgresql/${major}/bin`);
  } catch {
    // No Debian PostgreSQL.
  }
  for (const binDir of candidates) {
    const found = postgresIn(binDir);
    if (!Array.isArray(found)) return { ok: true, binaries: found };
  }
  return {
    ok: false,
    problem: 'PostgreSQL (initdb, postgres, pg_basebackup, pg_rewind) was not found (PG_BIN unset, none on PATH, no /usr/lib/postgresql/<major>/bin).',
    install: installAdvice('The PostgreSQL drills need the server programs.'),
  };
}
