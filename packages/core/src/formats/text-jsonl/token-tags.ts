import { isTag, tagSpans } from '../conll/conll-scheme.js';
import type { TextRecord } from '../text-records.js';

type Json = Record<string, unknown>;

/** Fields holding a record's tokens and their NER tags in Hugging Face's token classification sets. */
const TOKEN_FIELDS = ['tokens', 'words'];
const TAG_FIELDS = ['ner_tags', 'tags', 'ner'];

/** The token and tag fields of an object that holds tokens and as many tags, or undefined. */
export function tokenFields(o: Json): { tokens: string; tags: string } | undefined {
  const tokens = TOKEN_FIELDS.find(
    (f) => Array.isArray(o[f]) && (o[f] as unknown[]).every((t) => typeof t === 'string'),
  );
  if (tokens === undefined) return undefined;
  const n = (o[tokens] as unknown[]).length;
  const tags = TAG_FIELDS.find((f) => Array.isArray(o[f]) && (o[f] as unknown[]).length === n);
  return tags === undefined ? undefined : { tokens, tags };
}

/**
 * A token-tagged record (`{"tokens": ["EU", "rejects", …], "ner_tags": [3, 0, …]}`: conll2003, wnut_17,
 * WikiANN as Hugging Face `datasets` writes them) as a text and its spans: the tokens joined by a space,
 * each entity of the BIO/BIOES tags (class names from the ClassLabel `names` when the tags are numbers) a
 * span with character and token offsets. Undefined when a tag is not a BIO tag (then it is no NER record).
 */
export function tokenRecord(
  o: Json,
  fields: { tokens: string; tags: string },
  names: readonly string[] | undefined,
): { text: string; spans: NonNullable<TextRecord['spans']> } | undefined {
  const tokens = o[fields.tokens] as string[];
  const tags = (o[fields.tags] as unknown[]).map((t) =>
    typeof t === 'number' && names !== undefined ? (names[t] ?? String(t)) : String(t),
  );
  if (!tags.every(isTag)) return undefined;
  const starts: number[] = [];
  let text = '';
  tokens.forEach((t, i) => {
    if (i > 0) text += ' ';
    starts.push(text.length);
    text += t;
  });
  const spans = tagSpans(tags).map((sp) => ({
    span: {
      start: starts[sp.start]!,
      end: starts[sp.end - 1]! + tokens[sp.end - 1]!.length,
      tokenStart: sp.start,
      tokenEnd: sp.end,
    },
    label: sp.type,
  }));
  return { text, spans };
}
