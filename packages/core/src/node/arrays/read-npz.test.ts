import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { AssayError } from '../../errors.js';
import { readNpy, readNpz } from './read-npz.js';

const DIR = new URL('../../../../../fixtures/npy/', import.meta.url).pathname;

interface Expected {
  dtype: string;
  shape: number[];
  values: number[];
}
// Values as NumPy 2.4.6 reads them: fixtures/npy/expected.json (see fixtures/npy/README.md).
const expected = JSON.parse(await readFile(`${DIR}expected.json`, 'utf8')) as Record<string, Expected>;

describe('readNpy', () => {
  for (const [file, want] of Object.entries(expected)) {
    it(`reads ${file} (${want.dtype}, shape ${JSON.stringify(want.shape)}) as NumPy does`, async () => {
      const array = await readNpy(`${DIR}${file}`);
      assert.equal(array.dtype, want.dtype);
      assert.deepEqual(array.shape, want.shape);
      assert.equal(array.data.length, want.values.length);
      want.values.forEach((v, i) => {
        const got = array.data[i] as number;
        assert.ok(Math.abs(got - v) <= 1e-7 * Math.max(1, Math.abs(v)), `${file}[${i}]: ${got} != ${v}`);
      });
    });
  }

  it('refuses a unicode array with a hint, and a non-npy file', async () => {
    await assert.rejects(readNpy(`${DIR}str.npy`), (e: unknown) => {
      assert.ok(e instanceof AssayError);
      assert.equal(e.code, 'UNSUPPORTED');
      assert.match(e.message, /str\.npy has dtype <U1/);
      return true;
    });
    await assert.rejects(readNpy(`${DIR}README.md`), /not a NumPy \.npy file/);
    await assert.rejects(
      readNpy(`${DIR}nope.npy`),
      (e: unknown) => e instanceof AssayError && e.code === 'NOT_FOUND',
    );
  });
});

describe('readNpz', () => {
  for (const file of ['stored.npz', 'comp.npz']) {
    it(`reads the members of ${file} (numpy.savez${file === 'comp.npz' ? '_compressed' : ''})`, async () => {
      const arrays = await readNpz(`${DIR}${file}`);
      assert.deepEqual([...arrays.keys()].sort(), ['x', 'y']);
      assert.deepEqual(arrays.get('y')?.shape, [4]);
      assert.deepEqual([...(arrays.get('y')?.data ?? [])], [0, 1, 2, 3]);
      const x = arrays.get('x');
      assert.deepEqual(x?.shape, [3, 4, 5]);
      assert.deepEqual([...(x?.data ?? [])], expected['f8.npy']?.values);
    });
  }
  it('refuses a file that is not a ZIP archive', async () => {
    await assert.rejects(readNpz(`${DIR}f8.npy`), /not a readable \.npz/);
  });
});
