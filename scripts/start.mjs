// `npm start`: builds whatever is missing or older than its sources, then runs the server in this process.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

const contracts = newestMtime(join(root, 'packages/contracts/src'));
const targets = [
  {
    name: 'console',
    output: join(root, 'apps/web/dist/index.html'),
    sources: ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/public'],
    command: 'npm run build -w @livedesk/web',
  },
  {
    name: 'server',
    output: join(root, 'apps/server/dist/main.js'),
    sources: ['apps/server/src', 'apps/server/build.mjs'],
    command: 'npm run build -w @livedesk/server',
  },
];

for (const target of targets) {
  const built = existsSync(target.output) ? statSync(target.output).mtimeMs : 0;
  const source = Math.max(contracts, ...target.sources.map((s) => newestMtime(join(root, s))));
  if (built >= source) continue;
  process.stdout.write(`Building the ${target.name}…\n`);
  execSync(target.command, { cwd: root, stdio: 'inherit' });
}

await import(join(root, 'apps/server/dist/main.js'));
