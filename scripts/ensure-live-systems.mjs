// Before the tests: the live lab's tests run real etcd and PostgreSQL. Finds them (the same places as
// src/live/binaries.ts: $ETCD_BIN, PATH, /usr/bin/etcd; $PG_BIN, PATH, /usr/lib/postgresql/<major>/bin);
// when missing and this is root with apt, installs Debian's packages (apt-get update once, then install);
// otherwise prints the exact command to run and exits 1.
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { spawnSync } from 'node:child_process';

const PACKAGES = ['etcd-server', 'etcd-client', 'postgresql'];
const INSTALL = `apt-get update && apt-get install -y ${PACKAGES.join(' ')}`;
const POSTGRES_PROGRAMS = ['initdb', 'postgres', 'pg_basebackup', 'pg_rewind'];

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const onPath = (name) => (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((folder) => join(folder, name)).find(executable) ?? null;

function findEtcd() {
  if (process.env.ETCD_BIN) return executable(process.env.ETCD_BIN) ? process.env.ETCD_BIN : null;
  return onPath('etcd') ?? (executable('/usr/bin/etcd') ? '/usr/bin/etcd' : null);
}

function findPostgres() {
  const complete = (folder) => POSTGRES_PROGRAMS.every((name) => executable(join(folder, name)));
  if (process.env.PG_BIN) return complete(process.env.PG_BIN) ? process.env.PG_BIN : null;
  const candidates = [];
  const initdb = onPath('initdb');
  if (initdb) candidates.push(initdb.slice(0, -'/initdb'.length));
  try {
    for (const major of readdirSync('/usr/lib/postgresql').filter((name) => /^\d+$/.test(name)).sort((a, b) => b - a)) candidates.push(`/usr/lib/postgresql/${major}/bin`);
  } catch {
    // No Debian PostgreSQL.
  }
  return candidates.find(complete) ?? null;
}

function report(etcd, postgres) {
  console.log(`etcd: ${etcd ?? 'missing'}; PostgreSQL: ${postgres ?? 'missing'}`);
}

let etcd = findEtcd();
let postgres = findPostgres();
if (etcd && postgres) {
  report(etcd, postgres);
  process.exit(0);
}

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const apt = onPath('apt-get');
if (!root || !apt || process.env.ETCD_BIN || process.env.PG_BIN) {
  report(etcd, postgres);
  const why = process.env.ETCD_BIN || process.env.PG_BIN ? 'ETCD_BIN or PG_BIN points at a folder without the programs' : !root ? 'not root' : 'no apt-get';
  console.error(`The live lab's tests need real etcd and PostgreSQL (${why}, so nothing was installed). Run:\n  ${root ? '' : 'sudo sh -c "'}${INSTALL}${root ? '' : '"'}`);
  process.exit(1);
}

console.log(`Installing Debian's ${PACKAGES.join(', ')} for the live lab's tests: ${INSTALL}`);
const environment = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...PACKAGES]]) {
  const result = spawnSync('apt-get', args, { stdio: 'inherit', env: environment });
  if (result.status !== 0) {
    console.error(`apt-get ${args.join(' ')} failed (exit ${result.status}). Run by hand:\n  ${INSTALL}`);
    process.exit(1);
  }
}
etcd = findEtcd();
postgres = findPostgres();
report(etcd, postgres);
if (!etcd || !postgres) {
  console.error(`Still missing after installing. Run by hand:\n  ${INSTALL}`);
  process.exit(1);
}
