import { AssayError } from '../errors.js';
import type { ReadResult } from './dataset.js';
import type { Detection, Format } from './define-format.js';
import type { FormatIO } from './format-io.js';
import { mergeSplitReads, SPLIT_FOLDERS } from './merge-split-reads.js';
import { baseName, dirName, extName, isImagePath, joinPath, stripExt } from './paths.js';

/** A claim `import auto` acts on (as detect-format's). */
const SURE = 0.5;
/** A folder claimed through its files counts a little less than one of them (as detect-format's). */
const THROUGH_FILES = 0.95;
/** At most this many files of a folder are asked about. */
const MAX_FILES = 64;
/** Files never asked about: media, point clouds, arrays, archives, models (text detectors would read them whole; an Arrow/Feather file's schema is read first). */
const NOT_TEXT = new Set(
  '.bin .pcd .ply .las .laz .npy .npz .zip .gz .tgz .tar .7z .pkl .pt .pth .onnx .h5 .mp4 .avi .mov .pdf .duckdb .db'.split(
    ' ',
  ),
);

/**
 * Words of text sets' file names that name a split (`train.txt`, `dev.tsv`, `eng.testa`, Hugging Face's
 * `train-00000-of-00001.parquet`, WNUT's `emerging.test.annotated`), and the split each one means.
 * CoNLL-2003's `testa` is its development set, `testb` its test set.
 */
const SPLIT_WORDS: ReadonlyMap<string, string> = new Map([
  ...SPLIT_FOLDERS,
  ['training', 'train'],
  ['dev', 'val'],
  ['devel', 'val'],
  ['testa', 'val'],
  ['testb', 'test'],
]);

/** The split a file's name (or its folder's) names, by its first word that names one; undefined for none. */
export function splitOfName(relative: string): string | undefined {
  const parts = relative.split('/');
  const file = parts.pop() ?? '';
  // The whole name, extension too: CoNLL-2003's original files are eng.train, eng.testa, eng.testb.
  for (const word of file.toLowerCase().split(/[._\s-]+/)) {
    const split = SPLIT_WORDS.get(word);
    if (split !== undefined) return split;
  }
  const folder = parts[parts.length - 1]?.toLowerCase();
  return folder === undefined ? undefined : SPLIT_WORDS.get(folder);
}

interface ClaimedFile {
  /** Relative to the folder. */
  name: string;
  path: string;
  split?: string;
  detection: Detection;
}

/**
 * The files of `dir` the format claims: its own files, those of a `data/` folder in it (a Hugging Face
 * dataset repository: `data/train-00000-of-00001.parquet`) and those of its split folders (`train/`,
 * `dev/`, `test/`: WNUT 2017's layout).
 */
async function claimedFiles(
  format: Format,
  dir: string,
  io: FormatIO,
): Promise<ClaimedFile[] & { passed?: string[] }> {
  const folders = ['', 'data', 'train', 'training', 'dev', 'devel', 'val', 'valid', 'validation', 'test'];
  const names: string[] = [];
  for (const folder of folders) {
    const sub = folder === '' ? dir : joinPath(dir, folder);
    if (folder !== '' && !(await io.isDirectory(sub))) continue;
    for (const name of await io.listFiles(sub))
      if (!isImagePath(name) && !NOT_TEXT.has(extName(name)))
        names.push(folder === '' ? name : `${folder}/${name}`);
  }
  if (names.length > MAX_FILES) return [];
  const out: ClaimedFile[] & { passed?: string[] } = [];
  // Files whose own name gives a split but that the format does not claim (a damaged test.txt).
  out.passed = [];
  for (const name of names) {
    const path = joinPath(dir, name);
    let detection: Detection | undefined;
    try {
      detection = await format.detect(path, io);
    } catch {}
    const split = splitOfName(name);
    if (detection === undefined || detection.confidence < SURE) {
      if (splitOfName(baseName(name)) !== undefined && !/^cache-[0-9a-f]+\.arrow$/.test(baseName(name)))
        out.passed.push(name);
      continue;
    }
    out.push({ name, path, detection, ...(split === undefined ? {} : { split }) });
  }
  return out;
}

/**
 * The keys two reads of files in one folder share (record ids that restart in each split file), or none;
 * files in different folders have their folders in their keys (mergeSplitReads).
 */
function sharedKeys(reads: readonly ReadResult[], files: readonly ClaimedFile[]): string[] {
  const seen = new Set<string>();
  const shared: string[] = [];
  reads.forEach((read, i) => {
    const folder = dirName(files[i]!.name);
    for (const key of new Set(read.samples.map((s) => s.key))) {
      if (seen.has(`${folder}/${key}`)) shared.push(key);
      else seen.add(`${folder}/${key}`);
    }
  });
  return shared;
}

/** `read` with each sample key (and the annotations' references) as `<file stem>/<key>`. */
function prefixKeys(read: ReadResult, stem: string): ReadResult {
  const key = (k: string) => `${stem}/${k}`;
  return {
    ...read,
    samples: read.samples.map((s) => ({ ...s, key: key(s.key) })),
    annotations: read.annotations.map((a) => ({ ...a, sample: key(a.sample) })),
  };
}

/**
 * A text format (text-csv, text-jsonl, conll), also reading a folder of its files as one dataset: a
 * text set as people download it, `train.txt`/`valid.txt`/`test.txt` (CoNLL-2003), `train.tsv`/`dev.tsv`
 * (GLUE, BioNLP's), `data/train-00000-of-00001.parquet` (the Hugging Face Hub), `train/`, `dev/`,
 * `test/` folders of files (WNUT 2017). Every file the format claims is read on its own and the reads
 * merged; a file's split is the one its name (or its folder's) names (`dev`, `valid`, `testa` → val),
 * none when it names none. When record ids repeat across files (Hugging Face's `id` restarts at 0 in each
 * split), every key becomes `<file stem>/<id>`, and a note says so. A folder with one file of the format
 * is left to `import auto`'s look at a folder's files, as before.
 */
export function withSplitFiles(format: Format): Format {
  return {
    ...format,
    async detect(path, io) {
      const own = await format.detect(path, io);
      if (own || !(await io.isDirectory(path))) return own;
      const files = await claimedFiles(format, path, io);
      if (files.length < 2) return undefined;
      const named = files.filter((f) => f.split !== undefined).length;
      return {
        confidence: Math.min(...files.map((f) => f.detection.confidence)) * THROUGH_FILES,
        reason: `${files.length} files (${files.map((f) => f.name).join(', ')}) each hold ${format.title}${named > 0 ? '; their names give the splits' : ''}`,
      };
    },
    async read(input): Promise<ReadResult> {
      const { io, path } = input;
      if (!(await io.isDirectory(path))) return format.read(input);
      const files = await claimedFiles(format, path, io);
      if (files.length === 0)
        throw new AssayError('INVALID_INPUT', `${path} is a folder with no ${format.id} file in it.`, {
          hint: `Give one ${format.id} file, or a folder of them (train, dev, test files, or a data/ folder of Parquet shards).`,
          details: { path },
        });
      // No sink: the merged read is written whole (keys may change after each file's read).
      const { sink: _sink, ...rest } = input;
      let reads: ReadResult[] = [];
      for (const f of files) reads.push(await format.read({ ...rest, path: f.path }));
      const notes = [`${files.length} ${format.id} files`];
      const shared = sharedKeys(reads, files);
      if (shared.length > 0) {
        reads = reads.map((r, i) => prefixKeys(r, stripExt(baseName(files[i]!.name))));
        notes.push(
          `record ids repeat across the files ("${shared[0]}" in more than one): each key is <file>/<id>`,
        );
      }
      const merged = mergeSplitReads(
        reads.map((read, i) => ({ file: { file: files[i]!.path, split: files[i]!.split }, read })),
        notes,
      );
      for (const name of files.passed ?? [])
        merged.problems.push({
          file: joinPath(path, name),
          reason: `its name gives the split ${splitOfName(name)}, but it is not read as ${format.id} (${format.title}); left out`,
          hint: `Check the file (another format, another encoding, cut short?) and import it on its own.`,
          severity: 'warning',
        });
      return merged;
    },
  };
}
