import { defineFormat } from '../define-format.js';
import { extName } from '../paths.js';
import { TEXT_NAMES } from '../text-records.js';
import { guessFastText } from './fasttext-guess.js';
import { readTextJsonl } from './text-jsonl-read.js';
import { writeTextJsonl } from './text-jsonl-write.js';

/** Texts as JSON Lines with labels, spans (character offsets) and a model's class probabilities. */
export const textJsonl = defineFormat({
  id: 'text-jsonl',
  title: 'Texts as JSON Lines (text, label, spans)',
  tasks: ['classification', 'span'],
  capabilities: {
    roundTrip: ['classification', 'span'],
    keepsClassIds: false,
    needsImages: false,
    scores: true,
  },
  readOptions: ['text-column', 'label-column', 'id-column', 'key-prefix'],
  async detect(path, io) {
    if (!['.jsonl', '.ndjson', '.json'].includes(extName(path)) || (await io.isDirectory(path)))
      return guessFastText(path, io);
    const head = (await io.readText(path)).slice(0, 65536).replace(/^\uFEFF/, '');
    const first = head.split(/\r?\n/).find((l) => l.trim() !== '');
    if (!first?.trim().startsWith('{')) return undefined;
    try {
      const o = JSON.parse(first) as Record<string, unknown>;
      const text = TEXT_NAMES.find((f) => typeof o[f] === 'string');
      if (text === undefined) return undefined;
      return { confidence: 0.8, reason: `JSON Lines whose first object has a "${text}" field` };
    } catch {
      return undefined;
    }
  },
  read: readTextJsonl,
  write: writeTextJsonl,
});
