import { realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function realpathOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/**
 * Where `name` is found on PATH, resolved through symlinks (null when it is not there). Folders named
 * `node_modules/.bin` are passed over: npm and npx put them on PATH only while they run a script or a
 * bin, so a command found there would not run in the user's own shell afterwards.
 */
function onPath(name: string, pathEnv: string): string | null {
  for (const dir of pathEnv.split(delimiter)) {
    if (dir === '' || /[\\/]node_modules[\\/]\.bin[\\/]?$/.test(dir)) continue;
    const real = realpathOrNull(join(dir, name));
    if (real !== null) return real;
  }
  return null;
}

/**
 * A word as a POSIX shell reads it back unchanged: bare when it is plain, else single-quoted. Core's hints
 * have the same function (core/src/shell-quote.ts); importing it from @assay/core would load all of core
 * at the CLI's start (issue-10-lazy-start.test.ts).
 */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * How the user runs this installation of Assay from any folder, for commands Assay prints: `assay` when
 * the `assay` first on PATH is this very bin file (after `npm link`, or a global install), else
 * `node /absolute/path/to/bin/assay.js`. Never `npx assay`: outside the repository npx would look the
 * name up in the public registry, where a package of that name is not ours.
 */
export function assayCommand(binFile: string, pathEnv: string = process.env.PATH ?? ''): string {
  const bin = realpathOrNull(binFile) ?? binFile;
  if (onPath('assay', pathEnv) === bin) return 'assay';
  const node = onPath('node', pathEnv) === realpathOrNull(process.execPath) ? 'node' : process.execPath;
  return `${shellQuote(node)} ${shellQuote(bin)}`;
}
