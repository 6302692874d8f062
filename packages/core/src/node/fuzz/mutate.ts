/**
 * Seeded mutations of annotation files for the fuzz suite (fuzz-import.test.ts): each takes the file's
 * bytes and a seeded random function and returns new bytes with a short description of what was done,
 * so a failing case can be reproduced and kept as a named regression test. Structure-aware where it
 * matters (JSON values, XML attributes and text, whitespace-separated tokens), byte-level otherwise.
 */

import { isPointFile, mutatePointFile } from './mutate-points.js';

export type Random = () => number;

export interface Mutation {
  bytes: Buffer;
  what: string;
}

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const at = (random: Random, n: number): number => Math.floor(random() * (n + 1));

/** JSON values that replace a value of the file (type swaps, nulls, huge numbers, deep nesting). */
function jsonJunk(random: Random): string {
  const depth = pick(random, [50, 5_000, 200_000]);
  return pick(random, [
    'null',
    '"x"',
    '""',
    '0',
    '-1',
    '1e308',
    '-1e308',
    '1e999',
    '123456789012345678901234567890',
    'true',
    '{}',
    '[]',
    '[null]',
    '[[1,2],[3]]',
    '{"a":null}',
    '[1e308,-1e308,1e308]',
    `"${'a'.repeat(100_000)}"`,
    `${'['.repeat(depth)}${']'.repeat(depth)}`,
    `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    'NaN',
    'Infinity',
    '-Infinity',
  ]);
}

/** Byte ranges of JSON values in the text (strings, numbers, literals, and each { or [ opening). */
function jsonValueSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const token = /"(?:[^"\\]|\\.)*"(?!\s*:)|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\btrue\b|\bfalse\b|\bnull\b/g;
  for (let m = token.exec(text); m !== null && spans.length < 200_000; m = token.exec(text))
    spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** The span of the bracketed value opening at `start` (or undefined when unbalanced). */
function bracketSpan(text: string, start: number): [number, number] | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return [start, i + 1];
    }
  }
  return undefined;
}

function replaceSpan(text: string, [a, b]: [number, number], value: string): string {
  return text.slice(0, a) + value + text.slice(b);
}

function mutateJson(text: string, random: Random): { text: string; what: string } {
  const kind = pick(random, ['value', 'value', 'container', 'duplicate-key', 'non-finite', 'drop-key']);
  if (kind === 'container') {
    const opens: number[] = [];
    for (let i = 0; i < text.length && opens.length < 100_000; i++)
      if (text[i] === '{' || text[i] === '[') opens.push(i);
    const span = opens.length > 0 ? bracketSpan(text, pick(random, opens)) : undefined;
    if (span) {
      const junk = jsonJunk(random);
      return { text: replaceSpan(text, span, junk), what: `container at ${span[0]} → ${junk.slice(0, 40)}` };
    }
  }
  if (kind === 'duplicate-key' || kind === 'drop-key') {
    const keys = [...text.matchAll(/"([^"\\]{1,40})"\s*:/g)].slice(0, 100_000);
    if (keys.length > 0) {
      const m = pick(random, keys);
      const index = m.index ?? 0;
      if (kind === 'duplicate-key') {
        const junk = jsonJunk(random);
        return {
          text: `${text.slice(0, index)}"${m[1]}":${junk},${text.slice(index)}`,
          what: `duplicate key "${m[1]}" at ${index} = ${junk.slice(0, 40)}`,
        };
      }
      return {
        text: `${text.slice(0, index)}"${m[1]}_gone"${text.slice(index + m[0].length - 1)}`,
        what: `key "${m[1]}" at ${index} renamed`,
      };
    }
  }
  const spans = jsonValueSpans(text);
  if (spans.length === 0) return { text: `${text}${jsonJunk(random)}`, what: 'junk appended' };
  const span = pick(random, spans);
  const junk =
    kind === 'non-finite' ? pick(random, ['NaN', 'Infinity', '-Infinity', '1e999']) : jsonJunk(random);
  return { text: replaceSpan(text, span, junk), what: `value at ${span[0]} → ${junk.slice(0, 40)}` };
}

const ENTITY_BOMBS = [
  '<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
  '<!DOCTYPE a [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]>',
  `<!DOCTYPE a [<!ENTITY a "${'x'.repeat(50_000)}">]>`,
  '<!DOCTYPE a [<!ENTITY l0 "ha"><!ENTITY l1 "&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;"><!ENTITY l2 "&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;"><!ENTITY l3 "&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;"><!ENTITY l4 "&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;">]>',
];

const TEXT_JUNK = [
  '',
  'x',
  '-1',
  '0',
  'NaN',
  'Infinity',
  '1e999',
  '-1e308',
  '1e308',
  '&amp;',
  '<',
  '☃',
  '0x10',
];

function mutateXml(text: string, random: Random): { text: string; what: string } {
  const kind = pick(random, ['text', 'text', 'attribute', 'doctype', 'deep', 'drop-tag', 'entity-use']);
  if (kind === 'doctype') {
    const bomb = pick(random, ENTITY_BOMBS);
    const decl = /^\s*<\?xml[^>]*\?>/.exec(text);
    const cut = decl ? decl[0].length : 0;
    const name = /<!ENTITY %?\s*(\w+)/.exec(bomb)?.[1] ?? 'e';
    const body = text
      .slice(cut)
      .replace(/>([^<]*)</, `>&${name === 'p' ? 'e' : name === 'l0' ? 'l4' : name};<`);
    return { text: `${text.slice(0, cut)}${bomb}${body}`, what: `DOCTYPE ${bomb.slice(0, 40)}` };
  }
  if (kind === 'deep') {
    const depth = pick(random, [200, 10_000, 100_000]);
    const close = text.lastIndexOf('</');
    const inner = `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
    const where = close < 0 ? text.length : close;
    return { text: text.slice(0, where) + inner + text.slice(where), what: `nesting depth ${depth}` };
  }
  if (kind === 'entity-use') {
    const spans = [...text.matchAll(/>([^<]+)</g)];
    if (spans.length > 0) {
      const m = pick(random, spans);
      const i = (m.index ?? 0) + 1;
      const junk = pick(random, ['&foo;', '&#0;', '&#xFFFFFF;', '&lt;&gt;', '&', '&#65;']);
      return { text: text.slice(0, i) + junk + text.slice(i + (m[1]?.length ?? 0)), what: `text → ${junk}` };
    }
  }
  if (kind === 'attribute') {
    const attrs = [...text.matchAll(/="([^"]*)"/g)];
    if (attrs.length > 0) {
      const m = pick(random, attrs);
      const i = (m.index ?? 0) + 2;
      const junk = pick(random, TEXT_JUNK);
      return {
        text: text.slice(0, i) + junk + text.slice(i + (m[1]?.length ?? 0)),
        what: `attribute at ${i} → "${junk}"`,
      };
    }
  }
  if (kind === 'drop-tag') {
    const tags = [...text.matchAll(/<\/?[A-Za-z_][^>]*>/g)];
    if (tags.length > 0) {
      const m = pick(random, tags);
      const i = m.index ?? 0;
      return {
        text: text.slice(0, i) + text.slice(i + m[0].length),
        what: `tag ${m[0].slice(0, 30)} dropped`,
      };
    }
  }
  const spans = [...text.matchAll(/>([^<]+)</g)];
  if (spans.length === 0) return { text: `${text}<`, what: 'stray < appended' };
  const m = pick(random, spans);
  const i = (m.index ?? 0) + 1;
  const junk = pick(random, TEXT_JUNK);
  return {
    text: text.slice(0, i) + junk + text.slice(i + (m[1]?.length ?? 0)),
    what: `text at ${i} → "${junk}"`,
  };
}

function mutateLines(text: string, random: Random): { text: string; what: string } {
  const lines = text.split('\n');
  const kind = pick(random, ['token', 'token', 'repeat', 'columns', 'long-line', 'delimiter']);
  const li = Math.floor(random() * lines.length);
  const line = lines[li] ?? '';
  if (kind === 'repeat') {
    const times = pick(random, [1_000, 150_000]);
    const block = new Array<string>(times).fill(line);
    lines.splice(li, 0, block.join('\n'));
    return { text: lines.join('\n'), what: `line ${li + 1} repeated ${times} times` };
  }
  if (kind === 'columns') {
    const n = pick(random, [0, 1, 3, 100, 100_000]);
    lines[li] = n === 0 ? '' : `${line}${',0.1 0.1'.repeat(n)}`;
    return { text: lines.join('\n'), what: `line ${li + 1} given ${n} extra columns` };
  }
  if (kind === 'long-line') {
    lines[li] = line.repeat(pick(random, [100, 10_000]));
    return { text: lines.join('\n'), what: `line ${li + 1} repeated within itself` };
  }
  if (kind === 'delimiter') {
    lines[li] = line.replace(/[ ,:]/g, pick(random, ['\t', ';', '', '  ', '"']));
    return { text: lines.join('\n'), what: `line ${li + 1} delimiters changed` };
  }
  const tokens = line.split(/([ ,:])/);
  const ti = Math.floor(random() * tokens.length);
  const junk = pick(random, [...TEXT_JUNK, '[', '{', '*a', '"', '- ', 'null', '~', '!!binary x', '&a [1]']);
  tokens[ti] = junk;
  lines[li] = tokens.join('');
  return { text: lines.join('\n'), what: `line ${li + 1} token ${ti} → "${junk}"` };
}

function mutateBytes(bytes: Buffer, random: Random): Mutation {
  const kind = pick(random, ['truncate', 'truncate', 'junk', 'empty', 'bom', 'nul', 'flip']);
  if (kind === 'truncate') {
    const n = at(random, bytes.length);
    return { bytes: bytes.subarray(0, n), what: `truncated at ${n} of ${bytes.length}` };
  }
  if (kind === 'empty') return { bytes: Buffer.alloc(0), what: 'emptied' };
  if (kind === 'bom')
    return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), what: 'BOM added' };
  if (kind === 'nul') return { bytes: Buffer.alloc(bytes.length, 0), what: 'all NUL bytes' };
  if (kind === 'flip') {
    const out = Buffer.from(bytes);
    const n = 1 + Math.floor(random() * 8);
    for (let k = 0; k < n && out.length > 0; k++)
      out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
    return { bytes: out, what: `${n} random bytes changed` };
  }
  const junk = Buffer.from(
    Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256)),
  );
  const i = at(random, bytes.length);
  return {
    bytes: Buffer.concat([bytes.subarray(0, i), junk, bytes.subarray(i)]),
    what: `${junk.length} binary bytes inserted at ${i}`,
  };
}

/** One seeded mutation of a file, chosen by the file's kind (by extension) or at byte level. */
export function mutateFile(name: string, bytes: Buffer, random: Random): Mutation {
  if (random() < 0.3 || /\.(png|jpe?g)$/i.test(name)) return mutateBytes(bytes, random);
  if (isPointFile(name)) return mutatePointFile(bytes, random);
  const text = bytes.toString('utf8');
  const lower = name.toLowerCase();
  const out = lower.endsWith('.json')
    ? mutateJson(text, random)
    : lower.endsWith('.xml')
      ? mutateXml(text, random)
      : mutateLines(text, random);
  return { bytes: Buffer.from(out.text, 'utf8'), what: out.what };
}
