import { expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

/**
 * DESIGN.md's import rules, enforced: defs/ imports nothing of ours; ffmpeg/ and
 * state/ only defs/; ingest/, packager/, restream/ only defs/, ffmpeg/, state/ (never
 * each other); nothing imports origin/; player/ is browser code importing types only.
 */
const projectRoot = resolve(import.meta.dir, '..');
const folders = ['defs', 'ffmpeg', 'state', 'ingest', 'packager', 'restream', 'origin', 'player'] as const;
type Folder = (typeof folders)[number];

const allowed: Record<Folder, readonly Folder[]> = {
  defs: [],
  ffmpeg: ['defs'],
  state: ['defs'],
  ingest: ['defs', 'ffmpeg', 'state'],
  packager: ['defs', 'ffmpeg', 'state'],
  restream: ['defs', 'ffmpeg', 'state'],
  origin: ['defs', 'ffmpeg', 'state', 'ingest', 'packager', 'restream', 'player'],
  player: ['defs'],
};

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function forbiddenImports(root: string): string[] {
  const violations: string[] = [];
  for (const folder of folders) {
    for (const file of sourceFiles(join(root, folder))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(
        /(?:import|export)\s+(type\s+)?[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g,
      )) {
        const isTypeOnly = Boolean(match[1]);
        const target = relative(root, resolve(file, '..', match[2] ?? match[3] ?? ''));
        const targetFolder = target.split('/')[0] as Folder;
        if (targetFolder === folder || !folders.includes(targetFolder)) continue;
        if (folder === 'player' && !isTypeOnly) {
          violations.push(`${relative(root, file)} imports ${target} (player/ may import types only)`);
        } else if (!allowed[folder].includes(targetFolder)) {
          violations.push(
            `${relative(root, file)} imports ${target} (${folder}/ may import only ${allowed[folder].join(', ') || 'nothing of ours'})`,
          );
        }
      }
    }
  }
  return violations;
}

test('no top-level folder imports one it may not', () => {
  expect(forbiddenImports(projectRoot)).toEqual([]);
});

test('the check catches forbidden imports (packager -> restream, anything -> origin, player values)', () => {
  const root = mkdtempSync(join(tmpdir(), 'tw-arch-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write(
    'packager/cutter.ts',
    "import { Dest } from '../restream/dest.ts';\nimport type { E } from '../defs/events.ts';\n",
  );
  write('state/store.ts', "import { app } from '../origin/main.ts';\n");
  write('player/abr.ts', "import { x } from '../defs/x.ts';\nimport type { Y } from '../defs/y.ts';\n");
  try {
    expect(forbiddenImports(root)).toEqual([
      'state/store.ts imports origin/main.ts (state/ may import only defs)',
      'packager/cutter.ts imports restream/dest.ts (packager/ may import only defs, ffmpeg, state)',
      'player/abr.ts imports defs/x.ts (player/ may import types only)',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('no utils/helpers/common dumping grounds', () => {
  const all = folders.flatMap((f) => sourceFiles(join(projectRoot, f)));
  expect(all.filter((f) => /\/(utils?|helpers?|common)(\/|\.ts$)/.test(f))).toEqual([]);
});
