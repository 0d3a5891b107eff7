// `npm start`: builds whatever is missing or out of date, then runs the server in this process.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfNeeded } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
buildIfNeeded();
await import(join(root, 'apps/server/dist/main.js'));
