import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssayError } from '../errors.js';
import { JsonElementScanner, type JsonStreamHandler, scanJsonStream } from './json-stream.js';

type Event = [string, string | undefined, ...unknown[]];

const STREAM = new Set(['images', 'annotations', 'categories']);
const encoder = new TextEncoder();

/** Runs the scanner over `bytes` cut into the given pieces and returns what it reported. */
function scan(bytes: Uint8Array, cuts: number[], streamKeys: ReadonlySet<string> = STREAM): Event[] {
  const events: Event[] = [];
  const handler: JsonStreamHandler = {
    start: (kind) => events.push(['start', kind]),
    element: (key, index, value) => events.push(['element', key, index, value]),
    member: (key, value) => events.push(['member', key, value]),
    listEnd: (key, count) => events.push(['end', key, count]),
  };
  const scanner = new JsonElementScanner(handler, { file: 'doc.json', streamKeys });
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    scanner.push(bytes.subarray(from, cut));
    from = cut;
  }
  scanner.end();
  return events;
}

/** What the scanner should report, from JSON.parse of the whole text. */
function expected(text: string, streamKeys: ReadonlySet<string> = STREAM): Event[] {
  const value: unknown = JSON.parse(text);
  const list = (key: string | undefined, items: unknown[]): Event[] => [
    ...items.map((item, i): Event => ['element', key, i, item]),
    ['end', key, items.length],
  ];
  if (Array.isArray(value)) return [['start', 'array'], ...list(undefined, value)];
  if (typeof value !== 'object' || value === null)
    return [
      ['start', 'scalar'],
      ['member', undefined, value],
    ];
  const events: Event[] = [['start', 'object']];
  for (const [key, member] of Object.entries(value)) {
    if (streamKeys.has(key) && Array.isArray(member)) events.push(...list(key, member));
    else events.push(['member', key, member]);
  }
  return events;
}

const chunked = (length: number, size: number): number[] =>
  Array.from({ length: Math.ceil(length / size) - 1 }, (_, i) => (i + 1) * size);

// 2-, 3- and 4-byte UTF-8 characters, in keys and values; brackets, braces and escaped quotes in strings.
const TRICKY = `\t{ "info" : {"name": "é 猫 😀 [{\\"}]\\\\", "n": [[1], {"a": []}]},
  "images" : [ {"id": 1, "file_name": "ñ/猫 😀.jpg"} , [1, [2, [3]]], "s\\\\\\"]", -1.5e3, true, null, {} , [] ],
  "annotations": [],
  "ключ 😀": "\\u00e9\\n",
  "categories":[ { "id" : 7, "name" : "}{][" } ]
}\n`;

// Lists of objects for the fast path (lastObjectBoundary + one JSON.parse per chunk): "},{" inside
// strings, escaped quotes before it, nested lists of objects, nested objects, unicode, spaces around
// commas, a list that ends with other members after it.
const OBJECTS = `{"images": [{"id": 1, "name": "a},{b"}, {"id": 2, "s": "\\"},{\\""},
  {"id": 3, "seg": {"counts": "x}, {y", "size": [2, 3]}, "n": [{"a": 1},{"b": [{"c": 2} , {"d": "é"}]}]} ,
  {"id": 4, "猫": "😀"},{"id":5},{}, {"id": 6, "t": "]}, {"}],
  "categories": [{"id": 7}, {"id": 8, "x": [{}, {}]}], "after": {"a": [{"b": 1}, {"c": 2}]},
  "annotations": [{"id": 9},{"id": 10, "q": "},{"}]}`;

describe('json-stream: JsonElementScanner', () => {
  it('parses lists of objects with tricky "},{" in strings and nested lists, cut anywhere', () => {
    const bytes = encoder.encode(OBJECTS);
    const want = expected(OBJECTS);
    for (let cut = 0; cut <= bytes.length; cut++) {
      assert.deepEqual(scan(bytes, [cut]), want, `cut at ${cut}`);
    }
    for (let size = 1; size <= 80; size++) {
      assert.deepEqual(scan(bytes, chunked(bytes.length, size)), want, `chunks of ${size}`);
    }
  });

  it('reports the same values as JSON.parse when fed in chunks of 1 to 7 bytes', () => {
    const bytes = encoder.encode(TRICKY);
    assert.ok(bytes.length > TRICKY.length, 'the document has multi-byte characters');
    for (let size = 1; size <= 7; size++) {
      assert.deepEqual(scan(bytes, chunked(bytes.length, size)), expected(TRICKY), `chunks of ${size}`);
    }
  });

  it('splits at every byte offset, multi-byte characters included', () => {
    const bytes = encoder.encode(TRICKY);
    for (let cut = 0; cut <= bytes.length; cut++) {
      assert.deepEqual(scan(bytes, [cut]), expected(TRICKY), `cut at ${cut}`);
    }
  });

  it('streams a top-level list, and parses a scalar top level whole', () => {
    for (const text of [
      '[]',
      ' [ ] ',
      '[{"image_id": 1, "bbox": [1, 2, 3, 4]}, 2, "x", [[]]]',
      '"x"',
      ' 42 ',
      'null',
    ]) {
      const bytes = encoder.encode(text);
      for (let size = 1; size <= 3; size++) {
        assert.deepEqual(scan(bytes, chunked(bytes.length, size)), expected(text), `${text} by ${size}`);
      }
    }
  });

  it('gives the same elements for every order of the top-level keys', () => {
    const parts = [
      '"info": {"v": "1"}',
      '"images": [{"id": 1}]',
      '"annotations": [{"id": 2}, {"id": 3}]',
      '"categories": []',
    ];
    const orders: string[][] = [[]];
    for (const part of parts) {
      orders.splice(
        0,
        orders.length,
        ...orders.flatMap((o) =>
          o.map((_, i) => [...o.slice(0, i), part, ...o.slice(i)]).concat([[...o, part]]),
        ),
      );
    }
    assert.equal(orders.length, 24);
    for (const order of orders) {
      const text = `{${order.join(',')}}`;
      assert.deepEqual(scan(encoder.encode(text), [5, 17]), expected(text), text);
    }
  });

  it('parses lists under other keys whole, and skips a UTF-8 byte-order mark', () => {
    const text = '{"images": [1, 2], "licenses": [{"id": 1}]}';
    assert.deepEqual(scan(encoder.encode(text), [3], new Set()), expected(text, new Set()));
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(text)]);
    assert.deepEqual(scan(bom, [1, 2]), expected(text));
  });

  /** A scanner that records the elements it hands out and the offsets `parse` is called with. */
  function recording(parse: (text: string) => unknown = JSON.parse) {
    const offsets: number[] = [];
    const values: unknown[] = [];
    const handler: JsonStreamHandler = { start() {}, element: (_k, _i, v) => values.push(v), member() {} };
    const scanner = new JsonElementScanner(handler, {
      file: 'doc.json',
      parse: (text, offset) => {
        offsets.push(offset);
        return parse(text);
      },
    });
    return { scanner, offsets, values };
  }

  it('passes elements JSON.parse refuses to `parse`, each alone with its byte offset', () => {
    const { scanner, offsets, values } = recording((text) => JSON.parse(text.replace('NaN', 'null')));
    scanner.push(encoder.encode('["é", {"a": NaN},3]'));
    scanner.end();
    // The batch of the first two elements is not JSON, so each is parsed alone; "é" is two bytes, so
    // the object starts at byte 7, not 6. The scalar 3 (ended by the next byte) is parsed alone too.
    assert.deepEqual(offsets, [1, 7, 18]);
    assert.deepEqual(values, ['é', { a: null }, 3]);
  });

  it('parses the complete elements of a chunk together, in order with the ones that span chunks', () => {
    const { scanner, offsets, values } = recording();
    const text = '[{"a": 1}, {"b": 2}, 3, "x", [4], {"c": 5}]';
    const bytes = encoder.encode(text);
    scanner.push(bytes.subarray(0, 15));
    scanner.push(bytes.subarray(15));
    scanner.end();
    assert.deepEqual(values, JSON.parse(text));
    // Only {"b": 2} (cut by the chunk boundary) and the scalar 3 reach `parse`: the others went in batches.
    assert.deepEqual(offsets, [text.indexOf('{"b"'), text.indexOf('3')]);
  });
});

function parseError(text: string, cuts: number[] = []): AssayError {
  try {
    scan(encoder.encode(text), cuts);
  } catch (error) {
    assert.ok(error instanceof AssayError, String(error));
    assert.equal(error.code, 'PARSE_ERROR');
    assert.match(error.message, /doc\.json/);
    assert.ok(error.hint);
    return error;
  }
  assert.fail(`no error for ${text}`);
}

describe('json-stream: truncated files and junk', () => {
  it('every truncation of a document is a PARSE_ERROR at the end of the input', () => {
    const text = TRICKY.trimEnd();
    for (let length = 0; length < text.length; length++) {
      const prefix = text.slice(0, length);
      const bytes = encoder.encode(prefix).length;
      if (/^\s*$/.test(prefix)) continue;
      const error = parseError(prefix, [Math.floor(length / 2)]);
      assert.equal(error.details?.offset, bytes, prefix);
      assert.match(error.message, /truncated/);
      assert.match(error.hint ?? '', /truncated/);
    }
    assert.match(parseError('').message, /empty/);
  });

  it('names the element a truncated file stops in', () => {
    const error = parseError('{"images": [{"id": 1}, {"id": 2, "file_');
    assert.match(error.message, /offset 39: .*inside element 1 of "images", which starts at byte offset 23/);
  });

  it('junk between or inside elements is a PARSE_ERROR at its byte offset', () => {
    const cases: [string, number, RegExp][] = [
      ['{"images": [1, 2}', 16, /expected ',' or '\]' after element 1 of "images"/],
      ['{"a": 1}x', 8, /after the end/],
      ['{"images": [{"id": 1]]}', 12, /element 0 of "images" starting here is not valid JSON/],
      ['{"images": [1,,2]}', 14, /expected a value of "images"/],
      ['{"a" 1}', 5, /expected ':' after the key "a"/],
      ['{"a": 1,}', 8, /expected a quoted key/],
      ['[1 2]', 3, /expected ',' or '\]'/],
      ['{"a": tru}', 6, /value of "a"/],
    ];
    for (const [text, offset, reason] of cases) {
      const error = parseError(text, [4]);
      assert.equal(error.details?.offset, offset, text);
      assert.match(error.message, reason, text);
    }
  });
});

describe('json-stream: scanJsonStream', () => {
  it('reads an async iterable of chunks and honours an abort signal', async () => {
    async function* chunks() {
      yield encoder.encode('[1, ');
      yield encoder.encode('2]');
    }
    const seen: unknown[] = [];
    const handler: JsonStreamHandler = { start() {}, element: (_k, _i, v) => seen.push(v), member() {} };
    await scanJsonStream(chunks(), handler, { file: 'doc.json' });
    assert.deepEqual(seen, [1, 2]);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(scanJsonStream(chunks(), handler, { file: 'doc.json', signal: controller.signal }));
  });
});
