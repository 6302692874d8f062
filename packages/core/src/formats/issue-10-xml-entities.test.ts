/**
 * Issue 10: VOC and CVAT files with DOCTYPE entities (external, parameter, the quadratic and the
 * exponential "billion laughs" blow-ups) or very deep nesting crashed with the XML parser's own error
 * (exit 3: "External entities are not supported", "Maximum nested tags exceeded"). They are refused
 * as unsupported XML (UNSUPPORTED, exit 2) naming the file.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AssayError, exitCodeFor } from '../errors.js';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { emptyLookup } from './conformance.js';
import { cvat } from './cvat/cvat-format.js';
import type { Format } from './define-format.js';
import { toPosix } from './paths.js';
import { voc } from './voc/voc-format.js';

const io = createNodeFormatIO();

const VOC_BODY = (text: string) =>
  `<annotation><filename>a.jpg</filename><size><width>10</width><height>10</height><depth>3</depth></size><object><name>${text}</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>`;
const CVAT_BODY = (text: string) =>
  `<annotations><version>1.1</version><image id="0" name="a.jpg" width="10" height="10"><box label="${text}" xtl="1" ytl="1" xbr="5" ybr="5" occluded="0"/></image></annotations>`;

const laughs = Array.from({ length: 9 }, (_, i) =>
  i === 0 ? '<!ENTITY l0 "lol">' : `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`,
).join('');

const HOSTILE: Record<string, (body: (t: string) => string) => string> = {
  'external entity': (b) =>
    `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]>${b('&e;')}`,
  'parameter entity': (b) =>
    `<!DOCTYPE a [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]>${b('cat')}`,
  'billion laughs': (b) => `<!DOCTYPE a [${laughs}]>${b('&l8;')}`,
  'quadratic blow-up': (b) => `<!DOCTYPE a [<!ENTITY a "${'x'.repeat(50_000)}">]>${b('&a;'.repeat(50_000))}`,
  'deep nesting (200)': (b) =>
    b('cat').replace(/<\/(annotation|annotations)>$/, `${'<x>'.repeat(200)}${'</x>'.repeat(200)}</$1>`),
  'deep nesting (100,000)': (b) =>
    b('cat').replace(
      /<\/(annotation|annotations)>$/,
      `${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}</$1>`,
    ),
};

describe('issue 10: XML entities and deep nesting are unsupported XML, not a crash', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-xml-')));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const cases: Array<[Format, (t: string) => string, string]> = [
    [voc, VOC_BODY, 'voc'],
    [cvat, CVAT_BODY, 'cvat'],
  ];
  for (const [format, body, id] of cases) {
    for (const [name, make] of Object.entries(HOSTILE)) {
      it(`${id}: ${name}`, async () => {
        const file = `${dir}/${id}-${name.replace(/\W+/g, '-')}.xml`;
        await writeFile(file, make(body));
        await assert.rejects(
          format.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup }),
          (error: unknown) => {
            assert.ok(error instanceof AssayError, `an AssayError, not ${String(error)}`);
            assert.equal(error.code, 'UNSUPPORTED');
            assert.equal(exitCodeFor(error), 2);
            assert.match(error.message, /unsupported XML/);
            assert.ok(error.message.includes(file), 'the message names the file');
            return true;
          },
        );
      });
    }
    it(`${id}: the same file without the hostile part still reads`, async () => {
      const file = `${dir}/${id}-plain.xml`;
      await writeFile(file, `<?xml version="1.0"?>${body('cat &amp; dog')}`);
      const r = await format.read({ path: file, source: 'ground_truth', io, lookup: emptyLookup });
      assert.deepEqual(
        r.annotations.map((a) => a.label),
        ['cat & dog'],
      );
    });
  }
});
