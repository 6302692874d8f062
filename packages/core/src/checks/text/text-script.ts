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

/**
 * The script most of a text's letters are written in (`Latin`, `Hangul`...; Japanese kana count as
 * `Japanese` together with Han when any kana is present), or undefined for a text without letters.
 */
export function dominantScript(text: string): string | undefined {
  const counts = new Map<string, number>();
  for (const ch of text) {
    if (!LETTER.test(ch)) continue;
    const found = PATTERNS.find(([, re]) => re.test(ch));
    const name = found ? found[0] : 'Other';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  if (counts.size === 0) return undefined;
  if ((counts.get('Hiragana') ?? 0) + (counts.get('Katakana') ?? 0) > 0) {
    const kana = (counts.get('Hiragana') ?? 0) + (counts.get('Katakana') ?? 0) + (counts.get('Han') ?? 0);
    counts.set('Japanese', kana);
    for (const k of ['Hiragana', 'Katakana', 'Han']) counts.delete(k);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}
