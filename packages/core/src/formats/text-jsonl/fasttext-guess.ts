import type { Detection } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { extName } from '../paths.js';

/** A fastText line: one or more `__label__<tag>` then the text (flair's classification corpora). */
const FASTTEXT = /^(__label__\S+\s+)+\S/;

/**
 * fastText's labelled lines (`__label__World Light relay …`), which Assay does not read itself: a weak
 * guess for `import auto` naming them, with the one-line conversion to JSON Lines it reads.
 */
export async function guessFastText(path: string, io: FormatIO): Promise<Detection | undefined> {
  if (!['.txt', '.train', '.valid', '.test', ''].includes(extName(path)) || (await io.isDirectory(path)))
    return undefined;
  const lines = (await io.readText(path))
    .slice(0, 65536)
    .split(/\r?\n/)
    .slice(0, -1)
    .filter((l) => l.trim() !== '');
  if (lines.length === 0 || !lines.every((l) => FASTTEXT.test(l))) return undefined;
  return {
    confidence: 0.3,
    reason: `fastText lines (__label__<tag> text), which Assay reads once written as JSON Lines: jq -R -c 'capture("^(?<l>(__label__\\\\S+\\\\s+)*)(?<t>.*)$") | {text: .t, labels: [.l | scan("__label__(\\\\S+)") | .[0]]}' ${path} > texts.jsonl, then assay import text-jsonl texts.jsonl`,
  };
}
