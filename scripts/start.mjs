// `npm start`: build the app, then serve it on 127.0.0.1 and print the URL (vite preview prints it too).
import { spawnSync, spawn } from 'node:child_process';

const port = process.env.PORT ?? '5173';
const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
console.log(`\nQuorum Lab is serving at http://127.0.0.1:${port}/\n`);
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', port, '--strictPort'], {
  stdio: 'inherit',
});
server.on('exit', (code) => process.exit(code ?? 0));
