// `npm start`: build the app, then serve it on 127.0.0.1 and print the URL (vite preview prints it too).
import { spawnSync, spawn } from 'node:child_process';

const port = process.env.PORT ?? '5173';
const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
console.log(`\nQuorum Lab is serving at http://127.0.0.1:${port}/\n`);
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', port, '--strictPort'], {
  stdio: 'inherit',
});
// The live lab's local API (src/live/server-main.ts): 127.0.0.1 only, prints the URL with this start's token.
// It holds a pipe from this process and stops (with every etcd/PostgreSQL it started) when this process ends.
const liveApi = spawn(process.execPath, ['--import', 'tsx', 'src/live/server-main.ts', '--app-origin', `http://127.0.0.1:${port}`, '--exit-with-stdin'], { stdio: ['pipe', 'inherit', 'inherit'] });
server.on('exit', (code) => {
  liveApi.kill('SIGTERM');
  process.exit(code ?? 0);
});
