/**
 * Issue 10 (files nobody here made): text and LiDAR layouts met in public repositories, each built here
 * from its format's description. CoNLL files that number their tokens (GermEval 2014: `N token outer
 * inner`, `#` lines), put a flag after the tag (`token TAG +`) or are CoNLL-U with an NER column and
 * multiword lines; CoNLL-U without tags named by `import auto`; doccano JSONL (`data`, `start_offset`);
 * records that share an id; Label Studio exports with `completions`; fastText lines and spaCy DocBin files named with their conversion; nuScenes tables in a Lyft-style folder of the root's own name, and sweeps
 * that are missing named as such; SemanticKITTI sequences without times.txt (velodyne/ and labels/ only)
 * and the dataset root above them; a KITTI folder of sweeps alone (velodyne/ only).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeFormatIO } from '../node/fs-format-io.js';
import { writeLidarScene } from '../node/lidar/write-lidar-scene.js';
import { lidarScene } from '../synthetic/lidar-scene.js';
import { emptyLookup } from './conformance.js';
import { conll } from './conll/conll-format.js';
import { detectFormat } from './detect-format.js';
import { formats } from './index.js';
import { kitti } from './kitti/kitti-format.js';
import { kittiRaw } from './kitti-raw/kitti-raw-format.js';
import { nuscenes } from './nuscenes/nuscenes-format.js';
import { toPosix } from './paths.js';
import { textJsonl } from './text-jsonl/text-jsonl-format.js';

const io = createNodeFormatIO();
const input = (path: string) => ({ path, source: 'ground_truth', io, lookup: emptyLookup });
const spansOf = (r: Awaited<ReturnType<typeof conll.read>>) =>
  r.annotations.map(
    (a) => `${a.label}:${r.samples.find((s) => s.key === a.sample)?.text?.slice(a.span!.start, a.span!.end)}`,
  );

describe('issue 10: text and LiDAR files from the wild', () => {
  let dir = '';
  before(async () => {
    dir = toPosix(await mkdtemp(join(tmpdir(), 'assay-wild-')));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('conll: GermEval 2014 (numbered tokens, outer and nested tags, # lines) reads the outer column, written back as it was', async () => {
    const text = [
      '#\tsource.de vom 26.02.2005',
      '1\tBundesbank\tB-ORG\tO',
      '2\tin\tO\tO',
      '3\tFrankfurt\tB-LOC\tO',
      '4\tam\tI-LOC\tO',
      '5\tMain\tI-LOC\tO',
      '',
      '#\tzweiter Satz',
      '1\tDeutsche\tB-ORG\tB-LOCderiv',
      '2\tBank\tI-ORG\tO',
      '',
    ].join('\n');
    const path = `${dir}/germeval.tsv`;
    await writeFile(path, text);
    const found = await detectFormat(formats, path, io);
    assert.equal(found.format.id, 'conll');
    const got = await conll.read(input(path));
    assert.deepEqual(got.problems, []);
    assert.deepEqual(spansOf(got), ['ORG:Bundesbank', 'LOC:Frankfurt am Main', 'ORG:Deutsche Bank']);
    await conll.write?.({ dataset: got, imagesRoot: `${dir}/ge`, outDir: `${dir}/ge`, io });
    assert.equal(await readFile(`${dir}/ge/data.conll`, 'utf8'), text);
  });

  it('conll: a flag column after the tag (`token TAG +`) and CoNLL-U with an NER column and a multiword line', async () => {
    const flags = `${dir}/flags.txt`;
    await writeFile(flags, 'It O +\nis O +\nGerman B-LOC -\n- O -\nowned O +\n');
    assert.equal((await detectFormat(formats, flags, io)).format.id, 'conll');
    assert.deepEqual(spansOf(await conll.read(input(flags))), ['LOC:German']);

    const conllu = `${dir}/ner.conllu`;
    await writeFile(
      conllu,
      '# text = Larry Page went to Google.\n1\tLarry\tPROPN\tB-PER\t_\n2\tPage\tPROPN\tI-PER\t_\n3-4\twent-to\t_\t_\t_\n3\twent\tVERB\tO\t_\n4\tto\tADP\tO\t_\n5\tGoogle\tPROPN\tB-ORG\tSpaceAfter=No\n6\t.\tPUNCT\tO\t_\n',
    );
    assert.equal((await detectFormat(formats, conllu, io)).format.id, 'conll');
    const got = await conll.read(input(conllu));
    assert.deepEqual(spansOf(got), ['PER:Larry Page', 'ORG:Google']);
    assert.equal(got.samples[0]?.text, 'Larry Page went to Google .');
    assert.match(
      got.problems.map((p) => p.reason).join('\n'),
      /1 CoNLL-U multiword-token or empty-node line/,
    );
  });

  it('conll: tab-separated lines with trailing spaces after the tag (CRLF), as some CoNLL-2003 copies have them', async () => {
    const path = `${dir}/trailing.txt`;
    await writeFile(path, 'EU\tB-ORG \r\nrejects\tO \r\nGerman\tB-MISC  \r\n\r\n');
    assert.equal((await detectFormat(formats, path, io)).format.id, 'conll');
    const got = await conll.read(input(path));
    assert.deepEqual(got.problems, []);
    assert.deepEqual(spansOf(got), ['ORG:EU', 'MISC:German']);
  });

  it('conll: CoNLL-U without NER tags is read as sentences without spans (SpaceAfter=No honoured)', async () => {
    const path = `${dir}/ud.conllu`;
    await writeFile(
      path,
      '# sent_id = 1\n# text = They buy.\n1\tThey\tthey\tPRON\tPRP\tCase=Nom\t2\tnsubj\t2:nsubj\t_\n2\tbuy\tbuy\tVERB\tVBP\t_\t0\troot\t0:root\tSpaceAfter=No\n3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t2:punct\t_\n',
    );
    assert.equal((await detectFormat(formats, path, io)).format.id, 'conll');
    const got = await conll.read(input(path));
    assert.deepEqual([got.samples[0]?.text, got.annotations.length], ['They buy.', 0]);
  });

  it('text-jsonl: doccano exports (`data` with [start, end, tag] triples; `entities` with start_offset/end_offset)', async () => {
    const v1 = `${dir}/doccano-1.jsonl`;
    await writeFile(
      v1,
      '{"id": 1, "data": "EU rejects German call", "label": [[0, 2, "ORG"], [11, 17, "MISC"]]}\n',
    );
    assert.equal((await detectFormat(formats, v1, io)).format.id, 'text-jsonl');
    const v2 = `${dir}/doccano-2.jsonl`;
    await writeFile(
      v2,
      '{"id": 2, "text": "Peter Blackburn", "entities": [{"id": 9, "label": "PER", "start_offset": 0, "end_offset": 15}], "relations": []}\n',
    );
    const spans = async (path: string) => {
      const got = await textJsonl.read(input(path));
      assert.deepEqual(got.problems, []);
      return got.annotations.map((a) => [a.sample, a.label, a.span?.start, a.span?.end]);
    };
    assert.deepEqual(await spans(v1), [
      ['1', 'ORG', 0, 2],
      ['1', 'MISC', 11, 17],
    ]);
    assert.deepEqual(await spans(v2), [['2', 'PER', 0, 15]]);
  });

  it('fastText lines (__label__tag text) are named among the weak guesses with the conversion to JSON Lines', async () => {
    const path = `${dir}/train.txt`;
    await writeFile(path, '__label__apple __label__tv apple tv\n__label__World\tLight relay planned\n');
    await assert.rejects(detectFormat(formats, path, io), (e: Error & { hint?: string }) => {
      assert.match(
        e.hint ?? '',
        /text-jsonl \(30%: fastText lines .*jq -R -c .* > texts\.jsonl, then assay import text-jsonl texts\.jsonl\)/,
      );
      return true;
    });
  });

  it('a spaCy DocBin (.spacy) is named among the weak guesses with the one-liner writing it as JSON Lines', async () => {
    const path = `${dir}/train.spacy`;
    // DocBin.to_bytes: zlib-compressed msgpack (the bytes do not matter: the name says what it is)
    await writeFile(path, new Uint8Array([0x78, 0x9c, 0x6b, 0x60, 0x00, 0x00]));
    await assert.rejects(detectFormat(formats, path, io), (e: Error & { hint?: string }) => {
      assert.match(
        e.hint ?? '',
        /text-jsonl \(30%: a spaCy DocBin .*DocBin\(\)\.from_disk\(sys\.argv\[1\]\).* > .*train\.jsonl, then assay import text-jsonl .*train\.jsonl\)/,
      );
      return true;
    });
  });

  it('label-studio-text: an export with `completions` (Label Studio before 1.0) is read as its annotations', async () => {
    const path = `${dir}/completions.json`;
    const result = { from_name: 'label', to_name: 'text', type: 'labels' };
    await writeFile(
      path,
      JSON.stringify([
        {
          id: 1,
          data: { text: 'Peter lives in Berlin.' },
          completions: [
            {
              created_username: 'eric',
              result: [
                { ...result, value: { start: 0, end: 5, text: 'Peter', labels: ['PER'] } },
                { ...result, value: { start: 15, end: 21, text: 'Berlin', labels: ['LOC'] } },
              ],
            },
          ],
        },
      ]),
    );
    const found = await detectFormat(formats, path, io);
    assert.equal(found.format.id, 'label-studio-text');
    const got = await found.format.read(input(path));
    assert.deepEqual(got.problems, []);
    assert.deepEqual(
      got.annotations.map((a) => [a.label, a.span?.start, a.span?.end]),
      [
        ['PER', 0, 5],
        ['LOC', 15, 21],
      ],
    );
  });

  it('text records that share an id: the later ones are skipped as problems, not merged into one sample', async () => {
    const path = `${dir}/same-id.jsonl`;
    await writeFile(
      path,
      '{"id": 7, "text": "This is New Berlin", "label": [[8, 18, "LOC"]]}\n{"id": 7, "text": "This is New Berlin.", "label": [[8, 19, "LOC"]]}\n',
    );
    const got = await textJsonl.read(input(path));
    assert.deepEqual(
      got.samples.map((s) => s.text),
      ['This is New Berlin'],
    );
    assert.equal(got.annotations.length, 1);
    assert.deepEqual(
      got.problems.map((p) => [p.file, p.record, p.severity]),
      [['same-id.jsonl', 'line 2', 'error']],
    );
    assert.match(got.problems[0]!.reason, /has the id "7" of the record at same-id\.jsonl:1/);
  });

  it('nuscenes: tables in a folder of the root’s own name (Lyft: v1.01-train/v1.01-train/); a missing sweep is named as missing', async () => {
    const scene = lidarScene({ frames: 2, points: 100, objects: 2, defects: false });
    const root = `${dir}/v1.01-train`;
    await writeLidarScene(scene, root);
    const version = (await readdir(root)).find((f) => f.startsWith('v1.0'))!;
    await rename(`${root}/${version}`, `${root}/v1.01-train`);
    const custom = `${dir}/my-drive`;
    await mkdir(`${custom}/my-drive`, { recursive: true });
    await writeFile(`${custom}/my-drive/sample_data.json`, '[]');
    assert.equal((await nuscenes.detect(custom, io))?.confidence, 0.95);
    assert.equal((await detectFormat(formats, root, io)).format.id, 'nuscenes');
    const sweep = scene.dataset.samples.find((s) => s.kind === 'point_cloud' && s.key.includes('LIDAR_TOP'))!;
    await unlink(`${root}/${sweep.key}`);
    const got = await nuscenes.read(input(root));
    const gone = got.problems.find((p) => p.file.endsWith(sweep.key))!;
    assert.equal(gone.reason, 'is missing');
    assert.match(gone.hint ?? '', /relative to the dataset root/);
    const boxes = got.problems.filter((p) => p.file.endsWith('sample_annotation.json'));
    assert.ok(boxes.length > 0);
    for (const p of boxes) assert.equal(p.reason, `its sample's LiDAR sweep ${sweep.key} was not read`);
  });

  /** A KITTI .bin sweep (x, y, z, intensity as float32) of `n` points. */
  const sweep = (n: number) => new Uint8Array(Float32Array.from({ length: n * 4 }, (_, i) => i % 4).buffer);

  it('SemanticKITTI: a sequence with velodyne/ and labels/ but no times.txt is read; the root reads its sequences', async () => {
    const root = `${dir}/semantickitti`;
    const seq = `${root}/sequences/00`;
    await mkdir(`${seq}/velodyne`, { recursive: true });
    await mkdir(`${seq}/labels`);
    await writeFile(`${seq}/velodyne/000000.bin`, sweep(3));
    // SemanticKITTI .label: one uint32 a point, the class in the low 16 bits (40 road, 10 car).
    await writeFile(`${seq}/labels/000000.label`, new Uint8Array(Uint32Array.from([40, 40, 10]).buffer));
    const found = await detectFormat(formats, seq, io);
    assert.equal(found.format.id, 'kitti-raw');
    const got = await kittiRaw.read(input(seq));
    assert.deepEqual(got.annotations[0]?.pointLabels?.counts, { road: 2, car: 1 });
    assert.deepEqual(
      got.problems.map((p) => [p.file, p.severity]),
      [[`${seq}/times.txt`, 'warning']],
    );
    // The dataset folder and its sequences/ folder read every sequence together (semantic-kitti-sequences.ts).
    for (const path of [root, `${root}/sequences`]) {
      const whole = await detectFormat(formats, path, io);
      assert.equal(whole.format.id, 'kitti-raw');
      assert.match(
        whole.detection.reason,
        /1 KITTI odometry \/ SemanticKITTI sequence \(.*00\), read together/,
      );
    }
  });

  it('kitti: velodyne/ alone is a KITTI folder of sweeps, the missing calib/ said once', async () => {
    const root = `${dir}/waymo-kitti/training`;
    await mkdir(`${root}/velodyne`, { recursive: true });
    for (const id of ['0000000', '1000000']) await writeFile(`${root}/velodyne/${id}.bin`, sweep(2));
    assert.equal((await detectFormat(formats, `${dir}/waymo-kitti`, io)).format.id, 'kitti');
    const got = await kitti.read(input(`${dir}/waymo-kitti`));
    assert.equal(got.samples.length, 2);
    assert.deepEqual(
      got.problems.map((p) => [p.file, p.record, p.severity]),
      [[`${root}/calib`, undefined, 'warning']],
    );
  });

  it('kitti: a Waymo-style calib (Tr_velo_to_cam_0 … _4, P4) is read; a calib without the object keys names the keys it has', async () => {
    const root = `${dir}/kitti-calibs`;
    for (const d of ['velodyne', 'calib']) await mkdir(`${root}/${d}`, { recursive: true });
    const p = '700 0 600 0 0 700 180 0 0 0 1 0';
    const velo = '0 -1 0 0 0 0 -1 0 1 0 0 0';
    await writeFile(
      `${root}/calib/000000.txt`,
      `P0: ${p}\nP1: ${p}\nP2: ${p}\nP3: ${p}\nP4: ${p}\nR0_rect: 1 0 0 0 1 0 0 0 1\n${[0, 1, 2, 3, 4].map((i) => `Tr_velo_to_cam_${i}: ${velo}`).join('\n')}\n`,
    );
    await writeFile(`${root}/calib/000001.txt`, `P_rect_00: ${p}\nR_rect_00: 1 0 0 0 1 0 0 0 1\n`);
    for (const id of ['000000', '000001']) await writeFile(`${root}/velodyne/${id}.bin`, sweep(2));
    const got = await kitti.read(input(root));
    assert.ok(
      got.sensors?.some((s) => s.id === '000000/image_2'),
      'frame 000000 has its cameras',
    );
    const [problem, ...rest] = got.problems;
    assert.deepEqual(rest, []);
    assert.equal(problem?.file, `${root}/calib/000001.txt`);
    assert.equal(problem?.reason, 'has no P0 line (12 numbers).');
    assert.match(problem?.hint ?? '', /this one has P_rect_00, R_rect_00\./);
  });

  it('nuscenes: an export with 2D boxes says so once, counted; the read counts scenes in the right number', async () => {
    const scene = lidarScene({ frames: 1, points: 50, objects: 1, defects: false });
    // One scene of the two (the read's note counts it in the singular).
    const frames = scene.dataset.frames!.filter((f) => f.sequence === 'a');
    const keys = new Set(frames.flatMap((f) => f.members.map((m) => m.sample)));
    const image = scene.dataset.samples.find((s) => s.kind !== 'point_cloud' && keys.has(s.key))!;
    const box = { sample: image.key, source: 'ground_truth', kind: 'bbox' as const, label: 'car' };
    const dataset = {
      ...scene.dataset,
      frames,
      sequences: scene.dataset.sequences?.filter((q) => q.name === 'a'),
      samples: scene.dataset.samples.filter((x) => keys.has(x.key)),
      annotations: [
        ...scene.dataset.annotations.filter((x) => keys.has(x.sample)),
        { ...box, bbox: [1, 1, 5, 5] as [number, number, number, number] },
      ],
    };
    const src = `${dir}/nu-src`;
    await writeLidarScene(scene, src);
    const out = `${dir}/nu-out`;
    const written = await nuscenes.write!({ dataset, imagesRoot: src, outDir: out, io });
    assert.deepEqual(
      written.notes?.filter((n) => /2D box|bbox/.test(n)),
      [
        `${dataset.annotations.filter((a) => a.kind === 'bbox').length} 2D boxes left out (nuScenes holds 3D boxes only)`,
      ],
    );
    const back = await nuscenes.read(input(out));
    assert.deepEqual(back.notes, ['1 scene, 1 key frame, 1 cuboid']);
  });
});
