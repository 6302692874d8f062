import { defineFormat } from '../define-format.js';
import { extName } from '../paths.js';
import { conllCells, conllColumns, isLayoutTag, isTokenLine, layoutTag } from './conll-columns.js';

/** NER as CoNLL/IOB token-per-line files (IOB1, IOB2/BIO, BIOES). */
export const conll = defineFormat({
  id: 'conll',
  title: 'NER as CoNLL/IOB (token and tag per line)',
  tasks: ['span'],
  capabilities: { roundTrip: ['span'], keepsClassIds: false, needsImages: false, scores: false },
  readOptions: ['key-prefix'],
  async detect(path, io) {
    if (await io.isDirectory(path)) return undefined;
    if (['.json', '.jsonl', '.csv', '.xml', '.yaml', '.yml'].includes(extName(path))) return undefined;
    const text = await io.readText(path);
    // the last line of the first 64 KiB may be cut: left out, unless the file ends there (without a line break)
    const head = text.slice(0, 65536).split(/\r?\n/);
    if (text.length > 65536 || head[head.length - 1] === '') head.pop();
    const rows = head.filter(isTokenLine);
    if (rows.length < 2) return undefined;
    const layout = conllColumns(head);
    if (layout === undefined) return undefined;
    const tagged = rows.filter((l) =>
      isLayoutTag(layoutTag(conllCells(l).cells, layout) ?? '', layout),
    ).length;
    const misc = layout.conllu;
    if (misc)
      return misc.key === undefined
        ? {
            // A treebank without entities: read as texts; less sure than a file of entities.
            confidence: 0.6,
            reason: `${rows.length} lines read are CoNLL-U words (ID FORM LEMMA … MISC) without entities: read as sentences without spans`,
          }
        : {
            confidence: 0.85,
            reason: `${rows.length} lines read are CoNLL-U words (ID FORM LEMMA … MISC), ${tagged} with ${misc.brackets ? "CorefUD's entity brackets" : 'a BIO tag'} under ${misc.key}= in MISC`,
          };
    const shape =
      layout.tag === 'last'
        ? '"token … TAG"'
        : layout.brackets
          ? `OntoNotes CoNLL-2012 lines ("doc part N token POS parse … NE …", NE in column ${layout.tag + 1})`
          : layout.tag < layout.token
            ? '"TAG token" (the tag first)'
            : `"${layout.token > 0 ? 'N token' : 'token'} … TAG …" (tag in column ${layout.tag + 1})`;
    return {
      // IO tags (bare types and O) are less sure than BIO tags: a two-column file of another kind may look alike.
      confidence: layout.io ? 0.6 : 0.85,
      reason: `${tagged} of ${rows.length} lines read are ${shape} with ${layout.io ? 'IO tags (entity types and O)' : layout.brackets ? 'bracketed entities' : 'BIO tags'}`,
    };
  },
  read: async (input) => (await import('./conll-read.js')).readConll(input),
  write: async (input) => (await import('./conll-write.js')).writeConll(input),
});
