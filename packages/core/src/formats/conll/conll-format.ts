import { defineFormat } from '../define-format.js';
import { extName } from '../paths.js';
import { readConll } from './conll-read.js';
import { isTag } from './conll-scheme.js';
import { writeConll } from './conll-write.js';

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
    const head = (await io.readText(path)).slice(0, 65536).split(/\r?\n/).slice(0, -1);
    const rows = head.filter((l) => l.trim() !== '' && !l.startsWith('#') && !l.startsWith('-DOCSTART-'));
    if (rows.length < 2) return undefined;
    const tagged = rows.filter((l) => {
      const cells = l.includes('\t') ? l.split('\t') : l.trim().split(/ +/);
      return cells.length >= 2 && isTag(cells[cells.length - 1]!);
    }).length;
    if (tagged / rows.length < 0.95) return undefined;
    return {
      confidence: 0.85,
      reason: `${tagged} of ${rows.length} lines read are "token … TAG" with BIO tags`,
    };
  },
  read: readConll,
  write: writeConll,
});
