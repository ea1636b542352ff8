// Kills the live lab's process groups and removes its temporary folder when its owner dies, even by SIGKILL.
//
// The owner spawns this script in a session of its own (so killing the owner's process group does
// not take the watchdog with it) and keeps a pipe to its stdin. Lines on that pipe say what to clean:
//   group <pgid>    a process group the owner started      forget <pgid>   it ended on its own
//   folder <path>   a folder to remove at the end          exit            clean up now and stop
// When the pipe closes (the owner exited or was killed; the kernel closes the pipe either way), the
// watchdog cleans up exactly as for `exit`. Plain JavaScript, so it starts without tsx in ~40 ms.
import { readdirSync, readFileSync, rmSync } from 'node:fs';

const groups = new Set();
const folders = new Set();
let buffered = '';
let cleaned = false;

/**
 * Every live descendant of the given pids, from /proc. PostgreSQL's backends call setsid(), so they
 * leave the postmaster's group: killing the group alone would leave them to notice their parent's
 * death on their own.
 */
function descendantsOf(roots) {
  const childrenOf = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!childrenOf.has(parent)) childrenOf.set(parent, []);
      childrenOf.get(parent).push(Number(entry));
    } catch {
      // It ended while we looked.
    }
  }
  const found = [];
  const queue = [...roots];
  while (queue.length > 0) {
    for (const child of childrenOf.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function cleanUp() {
  if (cleaned) return;
  cleaned = true;
  let descendants = [];
  try {
    descendants = descendantsOf([...groups]);
  } catch {
    // No /proc: the groups are still killed below.
  }
  for (const pid of descendants) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const group of groups) {
    try {
      // SIGKILL reaches a group even when it was paused with SIGSTOP.
      process.kill(-group, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }
  // Give the kernel a moment to release the killed processes' files before removing their folders.
  setTimeout(() => {
    for (const folder of folders) {
      try {
        rmSync(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
      } catch {
        // Nothing more a watchdog can do; the folder is under the system's temporary directory.
      }
    }
    process.exit(0);
  }, 150);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  let newline;
  while ((newline = buffered.indexOf('\n')) !== -1) {
    const line = buffered.slice(0, newline).trim();
    buffered = buffered.slice(newline + 1);
    const space = line.indexOf(' ');
    const word = space === -1 ? line : line.slice(0, space);
    const argument = space === -1 ? '' : line.slice(space + 1);
    if (word === 'group' && /^\d+$/.test(argument)) groups.add(Number(argument));
    else if (word === 'forget' && /^\d+$/.test(argument)) groups.delete(Number(argument));
    else if (word === 'folder' && argument.startsWith('/')) folders.add(argument);
    else if (word === 'exit') cleanUp();
  }
});
process.stdin.on('end', cleanUp);
process.stdin.on('error', cleanUp);
// The owner's terminal going away must not stop the watchdog before it has cleaned up.
process.on('SIGHUP', () => {});
process.on('SIGINT', () => {});
process.on('SIGTERM', cleanUp);
