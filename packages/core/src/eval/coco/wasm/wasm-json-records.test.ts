/**
 * json-records.wat reads the record arrays of box evaluation files as JsonBytes and read-coco-bytes.ts's
 * loops do: the same numbers (Object.is), the same files taken and refused; where it leaves a file to
 * JsonBytes (UNDECIDED), JsonBytes refuses it too, apart from the cases the kernel leaves on purpose.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import { sharedFixture } from '../../../test-kit/fixtures.js';
import { mutatedJsonTexts } from '../../../test-kit/json-texts.js';
import { NOT_HANDLED } from '../json-bytes.js';
import { readCocoDetectionsBytes, readCocoGroundTruthBytes } from '../read-coco-bytes.js';
import { useWasmKernels } from './instantiate.js';
import { MEMBER, type RecordTable, UNDECIDED, WasmJsonRecords } from './wasm-json-records.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Calls of the kernel's `read` that decided, and that left the file to JsonBytes. */
const calls = { decided: 0, undecided: 0 };
const read = WasmJsonRecords.prototype.read;
WasmJsonRecords.prototype.read = function (this: WasmJsonRecords, ...args: Parameters<typeof read>) {
  try {
    const end = read.apply(this, args);
    calls.decided++;
    return end;
  } catch (error) {
    if (error === UNDECIDED) calls.undecided++;
    throw error;
  }
};

afterEach(() => {
  useWasmKernels(true);
});

/** Both readers of a pair of files, kernel on and off: equal; and what the kernel did. */
function both(gtText: string, dtText: string) {
  calls.decided = 0;
  calls.undecided = 0;
  useWasmKernels(true);
  const gtOn = readCocoGroundTruthBytes(bytes(gtText));
  const dtOn = gtOn && readCocoDetectionsBytes(bytes(dtText), gtOn);
  const used = { ...calls };
  useWasmKernels(false);
  const gtOff = readCocoGroundTruthBytes(bytes(gtText));
  const dtOff = gtOff && readCocoDetectionsBytes(bytes(dtText), gtOff);
  assert.deepStrictEqual(gtOn, gtOff, gtText);
  assert.deepStrictEqual(dtOn, dtOff, dtText);
  return { taken: gtOff !== undefined && dtOff !== undefined, ...used };
}

const GT = (annotation: string, image = '"file_name":"a.jpg"') =>
  `{"images":[{"id":1,"width":640,"height":480,${image}},{"id":2,"width":5,"height":6}],` +
  `"annotations":[{"id":1,"image_id":1,"category_id":3,"bbox":[1,2,3,4],"area":12${annotation}},` +
  `{"id":2,"image_id":2,"category_id":3,"bbox":[1.5,2,3,4],"area":1,"iscrowd":0}],` +
  `"categories":[{"id":3,"name":"cat"}]}`;
const DT = (result: string) =>
  `[{"image_id":1,"category_id":3,"bbox":[1,2,3,4],"score":0.5${result}},` +
  `{"image_id":2,"category_id":3,"bbox":[0,0,1,1],"score":0.25}]`;

describe('json-records.wat', () => {
  it('reads numbers as JSON.parse does, Number(text) beyond 15 digits or with an exponent', () => {
    let s = 42;
    const rand = () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647;
    };
    const texts = ['0', '-0', '-0.0', '1e-400', '5e-324', '0.1', '1.7976931348623157e308', '100'];
    texts.push('123456789012345', '1234567890123456', '12345678901234567890', '0.30000000000000004');
    texts.push('1E5', '1e+5', '1e-5', '2.5E-3', '9007199254740993', '0.000000000000000000001');
    for (let i = 0; i < 5000; i++) {
      const v = (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20);
      texts.push(
        JSON.stringify(v),
        v.toFixed(Math.floor(rand() * 8)),
        v.toPrecision(1 + Math.floor(rand() * 20)),
      );
    }
    const table: RecordTable = {
      members: [
        ['n', MEMBER.number, 0],
        ['box', MEMBER.box, 1],
        ['truth', MEMBER.truth, 5],
      ],
      width: 6,
      required: 0b111,
      defaults: [0, 0, 0, 0, 0, 0],
    };
    const text = `[${texts.map((t) => `{ "n" : ${t}, "box":[ ${t},0 , ${t},1],"truth":${t} }`).join(',\n')}]`;
    const k = WasmJsonRecords.open(bytes(text))!;
    const sink = {
      data: new Float64Array(6 * texts.length),
      n: 0,
      addMany: (n: number) => 6 * (sink.n += n) - 6 * n,
    };
    assert.equal(k.read(1, table, sink), text.length);
    assert.equal(sink.n, texts.length);
    texts.forEach((t, i) => {
      const v = JSON.parse(t) as number;
      const row = Array.from(sink.data.subarray(6 * i, 6 * i + 6));
      const want = [v, v, 0, v, 1, v ? 1 : 0];
      assert.ok(
        want.every((w, c) => Object.is(w, row[c])),
        `${t}: ${row}`,
      );
    });
    // A box coordinate that is not finite: refused, as readBox refuses it.
    for (const t of ['1e400', '-1e400', '1'.repeat(400)]) {
      const k1 = WasmJsonRecords.open(bytes(`[{"n":1,"box":[${t},0,0,0],"truth":0}]`))!;
      assert.throws(
        () => k1.read(1, table, sink),
        (e) => e === NOT_HANDLED,
        t,
      );
    }
  });

  it('takes and refuses the files JsonBytes takes and refuses', () => {
    const cases: [string, string, string][] = [
      ['clean', GT(''), DT('')],
      ['iscrowd 1', GT(',"iscrowd":1'), DT('')],
      ['iscrowd true / false / null', GT(',"iscrowd":true'), DT(',"x":false')],
      ['iscrowd null', GT(',"iscrowd":null'), DT('')],
      ['iscrowd 0.0', GT(',"iscrowd":0.0'), DT('')],
      ['iscrowd 1e-30', GT(',"iscrowd":1e-30'), DT('')],
      ['iscrowd a string', GT(',"iscrowd":"1"'), DT('')],
      ['whitespace everywhere', GT(' , "iscrowd" :\t1 \r\n'), DT(' \n,\t"other" : [ 1 , { "a" : [ ] } ] ')],
      ['segmentation', GT(',"segmentation":[[1,2,3,4.5,6e1,-7]]'), DT(',"segmentation":{"counts":"a\\"b"}')],
      ['unknown members of every kind', GT(',"x":{"y":[true,false,null,"s",-0.5e-3,{}]}'), DT(',"z":[]')],
      ['duplicate member', GT(',"area":3'), DT('')],
      ['duplicate unknown member', GT(',"x":1,"x":2'), DT('')],
      ['escaped member name', GT(',"\\u0061rea2":1'), DT('')],
      ['non-ASCII member name', GT(',"ärea":1'), DT('')],
      ['file name with escapes', GT('', '"file_name":"a\\"b\\u00e9\\n.jpg"'), DT('')],
      ['file name with Unicode', GT('', '"file_name":"zürich 猫.jpg"'), DT('')],
      ['long file name', GT('', `"file_name":"${'x'.repeat(100)}"`), DT('')],
      ['file name a number', GT('', '"file_name":3'), DT('')],
      ['width a string', GT('', '"file_name":"a","width":"640"'), DT('')],
      ['bbox of 3', GT(''), DT('').replace('[1,2,3,4]', '[1,2,3]')],
      ['bbox of 5', GT(''), DT('').replace('[1,2,3,4]', '[1,2,3,4,5]')],
      ['bbox with null', GT(''), DT('').replace('[1,2,3,4]', '[1,null,3,4]')],
      ['id a string', GT(''), DT('').replace('"image_id":1', '"image_id":"1"')],
      ['no score', GT(''), DT('').replace(',"score":0.5', '')],
      ['caption in the first result', GT(''), DT(',"caption":"a"')],
      ['a leading zero', GT(''), DT('').replace('"score":0.5', '"score":00.5')],
      ['a lone minus', GT(''), DT('').replace('"score":0.5', '"score":-')],
      ['a dot without digits', GT(''), DT('').replace('"score":0.5', '"score":1.')],
      ['an exponent without digits', GT(''), DT('').replace('"score":0.5', '"score":1e+')],
      ['a control character', GT('', '"file_name":"a\u0001"'), DT('')],
      ['a bad escape', GT('', '"file_name":"a\\x"'), DT('')],
      ['a bad unicode escape', GT('', '"file_name":"a\\u12g4"'), DT('')],
      ['true misspelt', GT(',"iscrowd":tru'), DT('')],
      ['a trailing comma in a record', GT(''), DT(',')],
      ['a trailing comma in the array', GT(''), `${DT('').slice(0, -1)},]`],
      ['a truncated file', GT(''), DT('').slice(0, -3)],
      ['a truncated string', GT(''), DT(',"x":"abc')],
      ['a record that is not an object', GT(''), `${DT('').slice(0, -1)},3]`],
      ['an empty record', GT(''), `${DT('').slice(0, -1)},{}]`],
      ['a NUL byte', GT(''), DT(',"x":\u00001')],
    ];
    for (const [name, gt, dt] of cases) {
      const r = both(gt, dt);
      // Where JsonBytes reads both files, the kernel read every record array itself.
      if (r.taken && name !== 'caption in the first result')
        assert.equal(r.undecided, 0, `${name}: read by the kernel`);
      if (name === 'clean') assert.equal(r.decided, 3);
    }
  });

  it('passes over exactly the values JsonBytes passes over', () => {
    let taken = 0;
    for (const text of mutatedJsonTexts(1500)) {
      const r = both(GT(`,"segmentation":${text}`), DT(`,"extra":${text}`));
      if (r.taken) {
        taken++;
        assert.equal(r.undecided, 0, text);
      }
    }
    assert.ok(taken > 300 && taken < 1400, `${taken} of 1500 taken`);
  });

  it('reads the fixtures without leaving a record array to JsonBytes', () => {
    const pairs = [
      ['synthetic-det500/det500/gt.json', 'synthetic-det500/det500/dt_bbox.json'],
      ['synthetic-det500/det500_segm/gt.json', 'synthetic-det500/det500_segm/dt_bbox.json'],
      [
        'coco-val2014-100/instances_val2014_100.json',
        'coco-val2014-100/instances_val2014_fakebbox100_results.json',
      ],
    ];
    for (const [gt, dt] of pairs) {
      const r = both(readFileSync(sharedFixture(gt!), 'utf8'), readFileSync(sharedFixture(dt!), 'utf8'));
      assert.ok(r.taken, gt);
      assert.deepStrictEqual([r.decided, r.undecided], [3, 0], gt);
    }
  });
});
