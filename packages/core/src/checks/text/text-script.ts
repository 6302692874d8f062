/** Scripts told apart, by Unicode Script property; letters of others count as `Other`. */
const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Arabic',
  'Hebrew',
  'Devanagari',
  'Bengali',
  'Thai',
  'Hangul',
  'Hiragana',
  'Katakana',
  'Han',
  'Georgian',
  'Armenian',
  'Tamil',
  'Ethiopic',
] as const;

const PATTERNS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);
const LETTER = /\p{L}/u;

const CACHE = new Map<string, string | undefined>();

/** The script of one non-ASCII character (undefined when it is not a letter). */
function scriptOf(ch: string): string | undefined {
  if (CACHE.has(ch)) return CACHE.get(ch);
  let name: string | undefined;
  if (LETTER.test(ch)) name = PATTERNS.find(([, re]) => re.test(ch))?.[0] ?? 'Other';
  if (CACHE.size < 65536) CACHE.set(ch, name);
  return name;
}

/**
 * The script most of a text's letters are written in (`Latin`, `Hangul`...; Japanese kana count as
 * `Japanese` together with Han when any kana is present), or undefined for a text without letters.
 */
export function dominantScript(text: string): string | undefined {
  const counts = new Map<string, number>();
  let latin = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    // ASCII letters are Latin; everything else is looked up once per character (CACHE).
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
      latin++;
      continue;
    }
    if (c < 0x80) continue;
    const name = scriptOf(ch);
    if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  if (latin > 0) counts.set('Latin', (counts.get('Latin') ?? 0) + latin);
  if (counts.size === 0) return undefined;
  if ((counts.get('Hiragana') ?? 0) + (counts.get('Katakana') ?? 0) > 0) {
    const kana = (counts.get('Hiragana') ?? 0) + (counts.get('Katakana') ?? 0) + (counts.get('Han') ?? 0);
    counts.set('Japanese', kana);
    for (const k of ['Hiragana', 'Katakana', 'Han']) counts.delete(k);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}
