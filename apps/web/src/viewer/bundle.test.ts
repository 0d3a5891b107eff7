import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The viewer page has a budget of 150 KB of JS for a phone on 4G; one stray import of the console's code
// or its libraries would blow it. The build's output is the real measure; this catches the mistake early.

const viewerDir = dirname(fileURLToPath(import.meta.url));
const srcDir = resolve(viewerDir, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) && entry.name !== 'manual-scheduler.ts' ? [path] : [];
  });
}

/** Module specifiers of imports that survive compilation (`import type` is erased). */
function runtimeImports(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(/^\s*import\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    if (!match[1]) found.push(match[2]!);
  }
  for (const match of code.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

/** Packages the page may load; anything else must be a deliberate, measured decision. */
// @livedesk/sdk: the tracking SDK, dependency-free (a few kB), for the product funnel events.
const allowedPackages = new Set(['preact', 'preact/hooks', 'mpegts.js', '@livedesk/sdk']);
/** Console modules the page shares: dependency-free helpers. */
const allowedConsoleModules = new Set([
  'lib/money',
  'lib/clipboard',
  // reconnect timing, the same for the page's sockets and the console's
  'lib/backoff',
  // how chat and flash-sale frames change the room, folded alike by the page and the console
  'lib/roomFrames',
]);

describe('the viewer bundle', () => {
  const files = sources(viewerDir);

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [relative(viewerDir, f), f]))('%s imports only what the page may load', (_name, file) => {
    for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = relative(srcDir, resolve(dirname(file), spec));
        if (!target.startsWith('viewer/')) expect(allowedConsoleModules, `${spec} from ${file}`).toContain(target);
      } else {
        expect(allowedPackages, `${spec} from ${file}`).toContain(spec);
      }
    }
  });

  it('reads runtime and type imports apart', () => {
    const code = "import type { A } from '@livedesk/contracts';\nimport { h } from 'preact';\nimport './viewer.css';\nconst m = await import('mpegts.js');";
    expect(runtimeImports(code)).toEqual(['preact', './viewer.css', 'mpegts.js']);
  });
});
