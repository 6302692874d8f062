import type { Detection } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { extName } from '../paths.js';

/**
 * A spaCy `.spacy` file (a DocBin: msgpack of spaCy's own token arrays, which Assay does not read): a weak
 * guess for `import auto` naming the Python one-liner (spaCy 3's DocBin API) that writes its documents as
 * JSON Lines with spans and categories, and the import of that file.
 */
export async function guessDocBin(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (extName(path) !== '.spacy' || (await io.isDirectory(path))) return undefined;
  const out = `${path.slice(0, -'.spacy'.length)}.jsonl`;
  return {
    confidence: 0.3,
    reason: `a spaCy DocBin (.spacy), which Assay reads once written as JSON Lines: python -c "import sys, json, spacy; from spacy.tokens import DocBin; [print(json.dumps({'text': d.text, 'spans': [{'start': e.start_char, 'end': e.end_char, 'label': e.label_} for e in d.ents], 'cats': d.cats})) for d in DocBin().from_disk(sys.argv[1]).get_docs(spacy.blank('xx').vocab)]" ${path} > ${out}, then assay import text-jsonl ${out}`,
  };
}
