/** Windows-1252 bytes 0x80–0x9F as the characters they decode to (the five undefined ones stay C1 controls). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const BYTE_OF = new Map<string, number>([...CP1252_HIGH].map((ch, i) => [ch, 0x80 + i]));

/** A lead character of a UTF-8 sequence read as Windows-1252/Latin-1, then one or more continuation characters. */
const MOJIBAKE = new RegExp(
  `[\\u00C2-\\u00F4](?:[\\u0080-\\u00BF]|[${CP1252_HIGH.replace(/[\\\]^-]/g, '\\$&')}])+`,
  'gu',
);
/** C0 controls other than tab, line feed and carriage return, and DEL. */
const isControl = (c: number): boolean => (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface EncodingDamage {
  kind: 'replacement_character' | 'mojibake' | 'control_character';
  /** The damaged piece as it stands in the text. */
  found: string;
  /** For mojibake: the piece decoded as the UTF-8 it was. */
  repaired?: string;
  count: number;
}

function asBytes(piece: string): Uint8Array | undefined {
  const bytes = new Uint8Array(piece.length);
  for (let i = 0; i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    const b = c <= 0xff ? c : BYTE_OF.get(piece[i]!);
    if (b === undefined) return undefined;
    bytes[i] = b;
  }
  return bytes;
}

/**
 * Damage a text shows from a wrong decoding: U+FFFD replacement characters (bytes that were not UTF-8),
 * mojibake (UTF-8 read as Windows-1252 or Latin-1: `Ã©` for `é`, `â€™` for `’`; a piece counts only when
 * its characters, taken back to those bytes, decode as valid UTF-8 — ftfy's test), and control
 * characters other than tab and line breaks. The first kind found, with how often it occurs.
 */
export function encodingDamage(text: string): EncodingDamage | undefined {
  const replacement = text.match(/\uFFFD+/gu);
  if (replacement)
    return { kind: 'replacement_character', found: replacement[0]!, count: replacement.length };
  let first: EncodingDamage | undefined;
  let count = 0;
  for (const m of text.matchAll(MOJIBAKE)) {
    const bytes = asBytes(m[0]);
    if (!bytes) continue;
    try {
      const repaired = utf8.decode(bytes);
      count++;
      first ??= { kind: 'mojibake', found: m[0], repaired, count: 0 };
    } catch {
      // Not UTF-8 once taken back to bytes: a real Latin-1 text (`Ã` followed by a symbol).
    }
  }
  if (first) return { ...first, count };
  let controls = 0;
  let found = '';
  for (let i = 0; i < text.length; i++)
    if (isControl(text.charCodeAt(i))) {
      if (controls++ === 0) found = text[i]!;
    }
  return controls > 0 ? { kind: 'control_character', found, count: controls } : undefined;
}
