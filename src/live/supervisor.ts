// Starts the live lab's real processes in process groups of their own, and guarantees they die with their owner.
//
// Every process is spawned `detached` (a new session, so its group id is its pid); pausing, killing
// and cleaning up act on the whole group, which also reaches PostgreSQL's backends. A watchdog
// (watchdog.mjs) in a session of its own holds a pipe from this process: when this process exits
// for any reason, SIGKILL included, the pipe closes and the watchdog kills every group still
// registered and removes the temporary folder. So a crashed server leaves no orphan behind.

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';

export interface ProcessUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export interface ProcessSpec {
  /** Short name used for the log file and in messages ("etcd n2", "postgres n1"). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Run as this user (PostgreSQL refuses to run as root). */
  readonly user?: ProcessUser | null;
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export interface CommandResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** stdout and stderr together, last 20 000 characters: what to show when it failed. */
  readonly output: string;
  readonly timedOut: boolean;
}

/** A long-running process in a group of its own. */
export class ManagedProcess {
  private exitedFlag = false;
  private pausedFlag = false;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly spec: ProcessSpec,
    private readonly child: ChildProcess,
    private readonly onGone: (pid: number) => void,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitedFlag = true;
        this.pausedFlag = false;
        // Whatever the leader left in its group (a backend of a killed postmaster) goes too.
        signalGroup(this.pid, 'SIGKILL');
        onGone(this.pid);
        resolve({ code, signal });
      });
    });
    child.once('error', () => {
      // Spawn failures also emit 'exit' (code null) or never started; `exited` covers both via start().
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return !this.exitedFlag;
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  /** SIGKILL to the whole group and every descendant (PostgreSQL's backends leave the group); resolves once the leader is gone. */
  async kill(): Promise<void> {
    if (this.exitedFlag) return;
    const descendants = descendantsOf(this.pid);
    signalGroup(this.pid, 'SIGKILL');
    for (const pid of descendants) signalProcess(pid, 'SIGKILL');
    await this.exited;
  }

  /** A polite stop (`signal` to the group), then SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    if (this.exitedFlag) return;
    if (this.pausedFlag) this.resume();
    signalGroup(this.pid, signal);
    const timer = setTimeout(() => signalGroup(this.pid, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Freezes every process of the group (SIGSTOP): alive, holding its sockets, answering nothing. */
  pause(): void {
    if (this.exitedFlag || this.pausedFlag) return;
    signalGroup(this.pid, 'SIGSTOP');
    this.pausedFlag = true;
  }

  resume(): void {
    if (this.exitedFlag || !this.pausedFlag) return;
    signalGroup(this.pid, 'SIGCONT');
    this.pausedFlag = false;
  }
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** Live descendants of `root`, from /proc (Linux); empty where there is no /proc. */
export function descendantsOf(root: number): number[] {
  const childrenOf = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const siblings = childrenOf.get(parent) ?? [];
      siblings.push(Number(entry));
      childrenOf.set(parent, siblings);
    } catch {
      // It ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of childrenOf.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already empty.
  }
}

const WATCHDOG_PATH = fileURLToPath(new URL('./watchdog.mjs', import.meta.url));

/** Owns a temporary folder and every process the lab starts; `stopAll` (or this process dying) ends them all. */
export class ProcessSupervisor {
  private readonly processes = new Set<ManagedProcess>();
  private readonly watchdog: ChildProcess;
  private readonly watchdogInput: Writable;
  private stopped = false;

  private constructor(readonly rootDir: string) {
    this.watchdog = spawn(process.execPath, [WATCHDOG_PATH], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    this.watchdogInput = this.watchdog.stdin!;
    // Neither the watchdog nor its pipe may keep this process alive: the pipe closing is the signal.
    this.watchdog.unref();
    (this.watchdogInput as unknown as { unref?: () => void }).unref?.();
    this.watchdogInput.on('error', () => {});
    this.tell(`folder ${rootDir}`);
  }

  /** A fresh temporary folder (readable by the unprivileged user that runs PostgreSQL) and a watchdog. */
  static create(label: string): ProcessSupervisor {
    const rootDir = mkdtempSync(join(tmpdir(), `quorum-lab-${label}-`));
    // mkdtemp gives 0700; the postgres user must be able to reach its data folders below it.
    chmodSync(rootDir, 0o755);
    return new ProcessSupervisor(rootDir);
  }

  get watchdogPid(): number {
    return this.watchdog.pid ?? -1;
  }

  /** A folder under the lab's root, owned by `user` when given. */
  makeFolder(name: string, user?: ProcessUser | null): string {
    const path = join(this.rootDir, name);
    mkdirSync(path, { recursive: true, mode: 0o700 });
    if (user) chownSync(path, user.uid, user.gid);
    return path;
  }

  /** Starts a long-running process in a new group; its output goes to `<root>/<name>.log`. */
  start(spec: ProcessSpec): ManagedProcess {
    if (this.stopped) throw new Error('the lab has been stopped');
    const logPath = join(this.rootDir, `${spec.name.replace(/[^a-z0-9-]+/gi, '-')}.log`);
    const logFd = openSync(logPath, 'a');
    let child: ChildProcess;
    try {
      child = spawn(spec.command, [...spec.args], {
        detached: true,
        stdio: ['ignore', logFd, logFd],
        env: { ...minimalEnvironment(), ...spec.env },
        cwd: spec.cwd ?? this.rootDir,
        ...(spec.user ? { uid: spec.user.uid, gid: spec.user.gid } : {}),
      });
    } finally {
      closeSync(logFd);
    }
    if (child.pid === undefined) throw new Error(`could not start ${spec.name} (${spec.command})`);
    const managed = new ManagedProcess(spec, child, (pid) => {
      this.processes.delete(managed);
      this.tell(`forget ${pid}`);
    });
    this.processes.add(managed);
    this.tell(`group ${child.pid}`);
    return managed;
  }

  /** Runs a short command (initdb, pg_basebackup, pg_rewind) in its own group and waits for it. */
  run(spec: ProcessSpec, timeoutMs: number): Promise<CommandResult> {
    if (this.stopped) return Promise.reject(new Error('the lab has been stopped'));
    return new Promise((resolve, reject) => {
      const child = spawn(spec.command, [...spec.args], {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...minimalEnvironment(), ...spec.env },
        cwd: spec.cwd ?? this.rootDir,
        ...(spec.user ? { uid: spec.user.uid, gid: spec.user.gid } : {}),
      });
      let output = '';
      const collect = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-20_000);
      };
      child.stdout!.on('data', collect);
      child.stderr!.on('data', collect);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        signalGroup(child.pid ?? -1, 'SIGKILL');
      }, timeoutMs);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`could not run ${spec.command}: ${error.message}`));
      });
      if (child.pid !== undefined) this.tell(`group ${child.pid}`);
      child.once('close', (exitCode, signal) => {
        clearTimeout(timer);
        if (child.pid !== undefined) this.tell(`forget ${child.pid}`);
        resolve({ exitCode, signal, output, timedOut });
      });
    });
  }

  /** Every running process (for status and tests). */
  list(): readonly ManagedProcess[] {
    return [...this.processes];
  }

  /** Kills every group, removes the folder and lets the watchdog go. Safe to call twice. */
  async stopAll(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all([...this.processes].map((managed) => managed.kill()));
    try {
      rmSync(this.rootDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    } catch {
      // The watchdog tries again.
    }
    this.tell('exit');
    this.watchdogInput.end();
  }

  private tell(line: string): void {
    if (!this.watchdogInput.writable) return;
    this.watchdogInput.write(`${line}\n`);
  }
}

/** PATH and locale only: the real systems must not inherit the server's secrets (the API token). */
function minimalEnvironment(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TZ: 'UTC',
  };
}

/**
 * The user PostgreSQL runs as: this process's own user, unless that is root, which PostgreSQL
 * refuses; then the `postgres` user that Debian's package creates. Spawning with uid/gid directly
 * (rather than through `runuser`) keeps the postmaster's pid the one we hold, with no helper
 * process in between.
 */
export function unprivilegedUser(): ProcessUser | null | { error: string } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    if (!Number.isInteger(uid) || uid === 0) return { error: 'the user "postgres" maps to root' };
    return { name: 'postgres', uid, gid };
  } catch {
    return {
      error: 'PostgreSQL refuses to run as root and there is no "postgres" user: run as another user, or create one with `useradd --system --user-group postgres`',
    };
  }
}
