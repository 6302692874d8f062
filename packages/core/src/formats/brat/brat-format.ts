import { defineFormat } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { extName, joinPath, stripExt } from '../paths.js';

/** The first lines of an .ann file looked at by detection, and what they must be. */
const HEAD = 20;
const LINE = /^(T\d+\t\S+ \d+ \d+(;\d+ \d+)*\t?.*|[AM]\d+\t\S+ \S+( \S+)?|#\d+\t\S+ \S+\t?.*|[REN*]\d*\t.*)$/;

/** Whether an .ann text's first lines are brat annotation lines, 80% of them (an empty file is a document without any). */
async function isAnn(path: string, io: FormatIO): Promise<boolean> {
  const lines = (await io.readText(path))
    .slice(0, 16384)
    .split(/\r?\n/)
    .slice(0, HEAD)
    .filter((l) => l.trim() !== '');
  // A stray line (a hand edit) is a warning of the read, not a reason to look elsewhere.
  return lines.filter((l) => LINE.test(l.replace(/^\uFEFF/, ''))).length >= 0.8 * lines.length;
}

/** Folders of a brat corpus read besides its top folder, each a split (named as text-split-files names them). */
const SPLIT_FOLDER_NAMES = ['train', 'training', 'dev', 'devel', 'val', 'valid', 'validation', 'test'];

/**
 * The .txt files of a folder and its split folders with brat annotations beside them (`<doc>.ann`, or
 * BioNLP's `<doc>.a1`), up to `max`: each one's annotation file.
 */
export async function bratPairs(dir: string, io: FormatIO, max: number): Promise<string[]> {
  const out: string[] = [];
  for (const folder of ['', ...SPLIT_FOLDER_NAMES]) {
    const sub = folder === '' ? dir : joinPath(dir, folder);
    if (folder !== '' && !(await io.isDirectory(sub))) continue;
    const files = await io.listFiles(sub);
    const names = new Set(files);
    for (const f of files)
      if (['.ann', '.a1'].includes(extName(f)) && names.has(`${stripExt(f)}.txt`)) {
        out.push(joinPath(sub, f));
        if (out.length >= max) return out;
      }
  }
  return out;
}

/**
 * Entity annotations in brat's standoff format (`<doc>.txt` + `<doc>.ann`: brat, BioNLP shared tasks,
 * n2c2, many biomedical NER corpora): a folder of them (and of its train/dev/test folders), or one .ann
 * file. Each document is a text sample, each text-bound annotation (`T1<TAB>Person 0 15<TAB>…`) a span.
 */
export const brat = defineFormat({
  id: 'brat',
  title: 'brat standoff (.txt + .ann: entity spans)',
  tasks: ['span'],
  capabilities: { roundTrip: ['span'], keepsClassIds: false, needsImages: false, scores: false },
  readOptions: [],
  async detect(path, io) {
    if (await io.isDirectory(path)) {
      const found = await bratPairs(path, io, 3);
      if (found.length === 0) return undefined;
      for (const f of found) if (!(await isAnn(f, io))) return undefined;
      return {
        confidence: 0.85,
        reason: `${found.length > 1 ? 'documents' : 'a document'} as .txt beside brat .ann standoff files`,
      };
    }
    if (!['.ann', '.a1', '.a2'].includes(extName(path))) return undefined;
    if (!(await io.exists(`${stripExt(path)}.txt`)) || !(await isAnn(path, io))) return undefined;
    return { confidence: 0.85, reason: 'brat standoff annotations with their .txt beside them' };
  },
  read: async (input) => (await import('./brat-read.js')).readBrat(input),
  write: async (input) => (await import('./brat-write.js')).writeBrat(input),
});
