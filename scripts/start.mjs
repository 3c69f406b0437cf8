// `npm start`: builds once if the build is missing (a fresh clone), then runs the production server.
import { execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverEntry = path.join(root, 'dist/node/server/main.js');
const webEntry = path.join(root, 'dist/web/index.html');

if (!fs.existsSync(serverEntry) || !fs.existsSync(webEntry)) {
  console.log('No build found: building Tandem once (npm run build)…');
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}

const child = spawn(process.execPath, [serverEntry], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
