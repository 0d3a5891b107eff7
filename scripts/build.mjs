// Builds the console and the server when their output is missing or older than their sources.
// Runs after `npm install` (so `npm start` serves at once) and before every `npm start`; `--force` always builds.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

const targets = [
  {
    name: 'console',
    output: 'apps/web/dist/index.html',
    sources: ['packages/contracts/src', 'packages/sdk/src', 'apps/web/src', 'apps/web/index.html', 'apps/web/live.html', 'apps/web/vite.config.ts', 'apps/web/public'],
    command: 'npm run build -w @livedesk/web',
  },
  {
    name: 'server',
    output: 'apps/server/dist/main.js',
    sources: ['packages/contracts/src', 'apps/server/src', 'apps/server/build.mjs'],
    command: 'npm run build -w @livedesk/server',
  },
];

export function buildIfNeeded({ force = false } = {}) {
  for (const target of targets) {
    const output = join(root, target.output);
    const built = existsSync(output) ? statSync(output).mtimeMs : 0;
    const source = Math.max(...target.sources.map((s) => newestMtime(join(root, s))));
    if (!force && built >= source) continue;
    process.stdout.write(`Building the ${target.name}…\n`);
    execSync(target.command, { cwd: root, stdio: 'inherit' });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildIfNeeded({ force: process.argv.includes('--force') });
}
