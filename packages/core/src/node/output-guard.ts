import { type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { AssayError } from '../errors.js';
import { fsAssayError } from '../fs-error.js';
import { PROJECT_DIR, type Project } from './project.js';
import { describeKind, isWithin, realPathOf } from './real-path.js';

/** A path no output may touch, and what it is (for the message). */
export interface ProtectedPath {
  path: string;
  /** e.g. "the images folder", "the imported annotations", "the project's .assay folder". */
  role: string;
  /** Its real path (symbolic links resolved), when already known: see resolveProtected. */
  real?: string;
}

/** The paths with their real paths resolved once, for a writer that guards many files. */
export function resolveProtected(protect: readonly ProtectedPath[]): ProtectedPath[] {
  return protect.map((p) => ({ ...p, real: p.real ?? realPathOf(p.path).path }));
}

/** What is being written: one file (report, release archive) or a folder of files (export). */
export type OutputKind = 'file' | 'folder';

export interface GuardOutputOptions {
  kind: OutputKind;
  /** What the output is, for the message ("the report", "the export folder"). */
  label: string;
  protect: readonly ProtectedPath[];
}

/**
 * Everything of a project that outputs must leave alone: every images root samples are stored under,
 * every annotation file or folder and images folder an import read (the import runs' parameters),
 * and the project's own `.assay/` folder (database, lock, project file).
 */
export async function projectProtectedPaths(project: Project): Promise<ProtectedPath[]> {
  const out: ProtectedPath[] = [
    { path: join(project.dir, PROJECT_DIR), role: "the project's .assay folder" },
  ];
  for (const root of await project.store.listSampleRoots()) {
    out.push({ path: project.resolveRoot(root), role: 'an images folder of the project' });
  }
  for (const params of await project.store.listRunParams('import')) {
    if (typeof params.path === 'string') out.push({ path: params.path, role: 'imported annotations' });
    if (typeof params.images === 'string')
      out.push({ path: params.images, role: 'an imported images folder' });
  }
  return out;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw fsAssayError(error, path) ?? error;
  }
}

/**
 * The one rule for every output path (export folder, report, release and redacted copies): after
 * resolving symbolic links, it must not be, contain or lie inside a protected path (with or without
 * --force), a file output may only replace a regular file, and a folder output only go into a folder.
 * Returns the resolved path to write to.
 */
export function guardOutput(output: string, options: GuardOutputOptions): string {
  const target = realPathOf(output);
  for (const p of options.protect) {
    const real = p.real ?? realPathOf(p.path).path;
    if (!isWithin(real, target.path) && !isWithin(target.path, real)) continue;
    const how = target.path === real ? 'is' : isWithin(real, target.path) ? 'lies inside' : 'contains';
    throw new AssayError(
      'PROTECTED_PATH',
      `Refusing to write ${options.label} to ${output}: it ${how} ${p.role}, ${p.path}.`,
      {
        hint: 'Choose an output outside the source data and the .assay folder: Assay never writes into them, even with --force.',
        details: { output, resolved: target.path, protected: p.path, role: p.role },
      },
    );
  }
  if (target.missing.length > 0) {
    const existing = statOrUndefined(target.existing);
    if (existing !== undefined && !existing.isDirectory()) {
      throw new AssayError(
        'IO_ERROR',
        `Cannot write ${options.label} to ${output}: ${target.existing} is a file, not a folder.`,
        { hint: 'Choose a path whose folders are folders.', details: { output, file: target.existing } },
      );
    }
    return target.path;
  }
  const stats = statOrUndefined(target.path);
  if (stats === undefined) return target.path;
  if (options.kind === 'folder' && !stats.isDirectory()) {
    throw new AssayError(
      'CONFLICT',
      `Cannot write ${options.label} to ${output}: it is a file, not a folder.`,
      {
        hint: 'Choose a new folder (or an existing folder) for the output.',
        details: { output },
      },
    );
  }
  if (options.kind === 'file' && !stats.isFile()) {
    throw new AssayError(
      'CONFLICT',
      `Cannot write ${options.label} to ${output}: it is ${describeKind(stats)}, not a regular file.`,
      {
        hint: 'Give the path of a new file (or of a regular file to replace); Assay never replaces folders, devices, pipes or sockets.',
        details: { output },
      },
    );
  }
  return target.path;
}
