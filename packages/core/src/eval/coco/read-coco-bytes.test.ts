/**
 * The byte reader of box evaluation files gives exactly what JSON.parse and the loaders give, or
 * declines (undefined) so that the loaders decide: on clean files, on every kind of odd file, and on
 * numbers of every shape.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mutatedJsonTexts } from '../../test-kit/json-texts.js';
import { IdIndex, indexOfIds } from './coco-objects.js';
import { JsonBytes, NOT_HANDLED } from './json-bytes.js';
import { loadCocoDetections } from './load-detections.js';
import { loadCocoGroundTruth } from './load-ground-truth.js';
import { readCocoDetectionsBytes, readCocoGroundTruthBytes } from './read-coco-bytes.js';

const bytes = (text: string) => new TextEncoder().encode(text);
/** As readTextFile gives a file to JSON.parse: without its byte-order mark. */
const parse = (text: string): unknown => JSON.parse(text.replace(/^\ufeff/, ''));

/** A seeded generator of small COCO files (Park–Miller). */
function generated(seed: number, images: number) {
  let s = seed;
  const rand = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const categories = [3, 1, 7].map((id) => ({ id, name: `class ${id}`, supercategory: 'x' }));
  const gt = {
    info: { year: 2026, nested: [{ a: [1, 2, { b: null }] }] },
    images: Array.from({ length: images }, (_, i) => ({
      id: (i * 37) % images,
      width: 640,
      height: 480,
      file_name: `im${i}.jpg`,
    })),
    annotations: [] as Record<string, unknown>[],
    categories,
  };
  const dt: Record<string, unknown>[] = [];
  for (let i = 0; i < images; i++) {
    for (let k = 0; k < 3; k++) {
      const box = [rand() * 500, rand() * 400, 1 + rand() * 100, 1 + rand() * 80];
      gt.annotations.push({
        segmentation: [[1, 2, 3, 4, 5, 6]],
        area: box[2]! * box[3]! * 0.8,
        iscrowd: rand() < 0.1 ? 1 : 0,
        image_id: i,
        bbox: box,
        category_id: categories[k]!.id,
        id: 1000 + 3 * i + k,
      });
      dt.push({
        image_id: i,
        category_id: categories[(k + i) % 3]!.id,
        bbox: box.map((v) => v + rand() * 5),
        score: Math.round(rand() * 1000) / 1000,
      });
    }
  }
  return { gt, dt };
}

/** Generated files as edited by a case: any member may be changed, removed or replaced. */
// biome-ignore lint/suspicious/noExplicitAny: the edits reach anywhere into the generated JSON
type Edited = { gt: any; dt: any };

/** Fast and ordinary results for one pair of texts: the fast one equal, or undefined. */
function compare(gtText: string, dtText: string) {
  const fastGt = readCocoGroundTruthBytes(bytes(gtText));
  let slowGt: ReturnType<typeof loadCocoGroundTruth> | Error;
  try {
    slowGt = loadCocoGroundTruth(parse(gtText), { iouType: 'bbox' });
  } catch (error) {
    slowGt = error as Error;
  }
  if (slowGt instanceof Error || slowGt.warnings.length > 0) assert.equal(fastGt, undefined, gtText);
  else if (fastGt !== undefined) assert.deepStrictEqual(fastGt, slowGt);
  if (slowGt instanceof Error) return { fastGt, fastDt: undefined };
  const fastDt = readCocoDetectionsBytes(bytes(dtText), slowGt);
  let slowDt: ReturnType<typeof loadCocoDetections> | Error;
  try {
    slowDt = loadCocoDetections(parse(dtText), slowGt, { iouType: 'bbox' });
  } catch (error) {
    slowDt = error as Error;
  }
  if (slowDt instanceof Error || slowDt.warnings.length > 0) assert.equal(fastDt, undefined, dtText);
  else if (fastDt !== undefined) assert.deepStrictEqual(fastDt, slowDt);
  return { fastGt, fastDt };
}

describe('readCocoGroundTruthBytes / readCocoDetectionsBytes', () => {
  it('read clean files exactly as JSON.parse and the loaders', () => {
    for (const seed of [1, 2, 3]) {
      const { gt, dt } = generated(seed, 40);
      const { fastGt, fastDt } = compare(JSON.stringify(gt), JSON.stringify(dt));
      assert.ok(fastGt && fastDt, 'clean files take the byte reader');
      // Pretty-printed, with a byte-order mark and Windows line ends: the same.
      const pretty = compare(
        `\ufeff${JSON.stringify(gt, null, 2).replaceAll('\n', '\r\n')}`,
        JSON.stringify(dt, null, '\t'),
      );
      assert.ok(pretty.fastGt && pretty.fastDt);
    }
  });

  it('decline, or agree, on every odd file', () => {
    const base = generated(7, 6);
    const edits: [string, (c: Edited) => void][] = [
      ['duplicate image id', (c) => (c.gt.images[1].id = c.gt.images[0].id)],
      ['duplicate annotation id', (c) => (c.gt.annotations[1].id = c.gt.annotations[0].id)],
      ['duplicate category id', (c) => c.gt.categories.push({ id: 1, name: 'again' })],
      ['annotation without area', (c) => delete c.gt.annotations[2].area],
      ['area as a string', (c) => (c.gt.annotations[2].area = '12')],
      ['annotation without bbox', (c) => delete c.gt.annotations[0].bbox],
      ['bbox of 3', (c) => (c.gt.annotations[0].bbox = [1, 2, 3])],
      ['bbox with null', (c) => (c.gt.annotations[0].bbox = [1, null, 3, 4])],
      ['string iscrowd', (c) => (c.gt.annotations[0].iscrowd = 'yes')],
      ['boolean iscrowd', (c) => (c.gt.annotations[0].iscrowd = true)],
      ['null iscrowd', (c) => (c.gt.annotations[0].iscrowd = null)],
      ['no iscrowd', (c) => delete c.gt.annotations[0].iscrowd],
      ['unknown image', (c) => (c.gt.annotations[0].image_id = 999)],
      ['unknown category', (c) => (c.gt.annotations[0].category_id = 999)],
      ['string image id', (c) => (c.gt.annotations[0].image_id = '1')],
      ['image without id', (c) => delete c.gt.images[0].id],
      ['image size as strings', (c) => (c.gt.images[0].width = '640')],
      ['file name as a number', (c) => (c.gt.images[0].file_name = 3)],
      ['category without name', (c) => delete c.gt.categories[0].name],
      [
        'category name with escapes and Unicode',
        (c) => (c.gt.categories[0].name = 'Zürich "\u00e9\n\u2028 猫'),
      ],
      ['no categories', (c) => delete c.gt.categories],
      ['annotations not a list', (c) => (c.gt.annotations = {})],
      ['empty annotations', (c) => (c.gt.annotations = [])],
      ['ground truth as a list', (c) => (c.gt = [c.gt])],
      ['empty results', (c) => (c.dt = [])],
      ['results as an object', (c) => (c.dt = { annotations: c.dt })],
      ['result without score', (c) => delete c.dt[1].score],
      ['score as a string', (c) => (c.dt[1].score = '0.5')],
      ['negative width', (c) => (c.dt[1].bbox[2] = -1)],
      ['negative zero height', (c) => (c.dt[1].bbox[3] = -0)],
      ['result of an unknown image', (c) => (c.dt[1].image_id = 999)],
      ['result of an unknown category', (c) => (c.dt[1].category_id = 999)],
      ['caption in the first result', (c) => (c.dt[0].caption = 'a cat')],
      ['caption in a later result', (c) => (c.dt[2].caption = 'a cat')],
      ['segmentation in results', (c) => (c.dt[0].segmentation = [[1, 2, 3, 4, 5, 6]])],
      ['empty bbox in the first result', (c) => (c.dt[0].bbox = [])],
      ['a result that is not an object', (c) => c.dt.push(3)],
    ];
    // Odd but accepted as they are by the loaders without a warning: read by the byte reader too.
    const taken = new Set([
      'boolean iscrowd',
      'null iscrowd',
      'no iscrowd',
      'image size as strings',
      'file name as a number',
      'category without name',
      'category name with escapes and Unicode',
      'caption in a later result',
      'segmentation in results',
    ]);
    for (const [name, edit] of edits) {
      const c = structuredClone(base) as Edited;
      edit(c);
      const { fastGt, fastDt } = compare(JSON.stringify(c.gt), JSON.stringify(c.dt));
      if (taken.has(name)) assert.ok(fastGt && fastDt, `${name}: read by the byte reader`);
    }
    const gt = JSON.stringify(base.gt);
    const dt = JSON.stringify(base.dt);
    const texts: [string, string, string][] = [
      ['a duplicated member', gt.replace('"area":', '"area":1,"area":'), dt],
      ['a duplicated root list', gt.replace('"categories":', '"images":[],"categories":'), dt],
      ['an escaped member name', gt.replace('"area":', '"\\u0061rea":'), dt],
      ['NaN', gt.replace(/"area":[0-9.]+/, '"area":NaN'), dt],
      ['trailing garbage', `${gt} x`, dt],
      ['a trailing comma', gt.replace(/\]\}$/, ',]}'), dt],
      ['a truncated file', gt.slice(0, -10), dt],
      ['a leading zero', gt, dt.replace(/"image_id":1,/, '"image_id":01,')],
      ['a control character in a string', gt.replace('im1.jpg', 'im\u00011.jpg'), dt],
      ['a bad escape', gt.replace('im1.jpg', 'im\\x1.jpg'), dt],
      ['a lone minus', gt, dt.replace(/"score":[0-9.]+/, '"score":-')],
      ['a dot without digits', gt, dt.replace(/"score":([0-9]+)\.[0-9]+/, '"score":$1.')],
    ];
    for (const [name, g, d] of texts) assert.doesNotThrow(() => compare(g, d), name);
  });

  it('read numbers exactly as JSON.parse', () => {
    let s = 42;
    const rand = () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647;
    };
    const texts = ['0', '-0', '-0.0', '1e400', '-1e400', '1e-400', '5e-324', '0.1', '1.7976931348623157e308'];
    texts.push('123456789012345', '1234567890123456', '12345678901234567890', '0.30000000000000004');
    texts.push('1E5', '1e+5', '1e-5', '2.5E-3', '9007199254740993', '0.000000000000000000001');
    for (let i = 0; i < 20000; i++) {
      const v = (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20);
      texts.push(
        JSON.stringify(v),
        v.toFixed(Math.floor(rand() * 8)),
        v.toPrecision(1 + Math.floor(rand() * 20)),
      );
    }
    for (const text of texts) {
      const j = new JsonBytes(bytes(`[${text}]`));
      j.expect(0x5b);
      const got = j.number();
      assert.ok(Object.is(got, JSON.parse(text)), `${text}: ${got}`);
    }
  });

  it('passes over exactly the texts JSON.parse accepts', () => {
    for (const text of mutatedJsonTexts(3000)) {
      let parsed = true;
      try {
        JSON.parse(text);
      } catch {
        parsed = false;
      }
      const j = new JsonBytes(bytes(text));
      let skipped = true;
      try {
        j.skip();
        j.end();
      } catch (error) {
        assert.equal(error, NOT_HANDLED);
        skipped = false;
      }
      assert.equal(skipped, parsed, text);
    }
  });

  it("looks ids up as indexOfIds' Map (table or Map)", () => {
    const lists = [[], [0], [1, 2, 5, 9], [3, 4000], [-0, 7], [-3, 1, 2], [0.5, 2], [1, 1e9], [1, Infinity]];
    const probes = [-1, -0, 0, 0.5, 1, 2, 3, 5, 7, 9, 4000, 4001, 1e9, Infinity, -Infinity, Number.NaN];
    for (const list of lists) {
      const ids = Float64Array.from(list);
      const map = indexOfIds(ids);
      const index = new IdIndex(ids);
      for (const id of probes) assert.equal(index.get(id), map.get(id), `${list} ${id}`);
    }
  });
});
