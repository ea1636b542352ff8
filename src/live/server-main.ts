// Entry of the live lab's API process (`npm start` runs it beside the app): prints the URL with its token, stops everything when told or orphaned.
//   tsx src/live/server-main.ts --app-origin http://127.0.0.1:5173 [--port 0] [--exit-with-stdin]

import { startLiveApiServer } from './server.ts';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

const appOrigin = argument('--app-origin') ?? 'http://127.0.0.1:5173';
const portText = argument('--port') ?? '0';
if (!/^https?:\/\/(127\.0\.0\.1|localhost):\d{1,5}$/.test(appOrigin) || !/^\d{1,5}$/.test(portText)) {
  process.stderr.write('usage: tsx src/live/server-main.ts --app-origin http://127.0.0.1:<port> [--port <port>]\n');
  process.exit(2);
}

const server = await startLiveApiServer({ allowedOrigins: [appOrigin, appOrigin.replace('127.0.0.1', 'localhost')], port: Number(portText) });
// The ready link: the page reads the API's address and this start's token from it (src/app/labs/live).
const link = `${appOrigin}/#/live?api=${server.origin}&token=${server.token}`;
process.stdout.write(`Live lab API on ${server.origin} (127.0.0.1 only). Open the live lab:\n  ${link}\n`);
process.stdout.write(`${JSON.stringify({ liveApi: server.origin, token: server.token, pid: process.pid })}\n`);

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// `npm start` passes --exit-with-stdin and keeps a pipe on our stdin: when that parent goes, so do we
// (and the watchdog cleans up anything left even if we are killed outright).
if (process.argv.includes('--exit-with-stdin')) {
  process.stdin.resume();
  process.stdin.on('end', () => void shutdown(0));
}
