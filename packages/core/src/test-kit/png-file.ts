/**
 * Small PNG files written from their pixels, as the PNG specification lays them out (IHDR, PLTE, IDAT
 * of filter-0 rows, IEND), for tests and fuzz seeds of the formats that hold masks as PNGs.
 */
import { deflateSync } from 'node:zlib';

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, data, Buffer.alloc(4)]); // the readers do not check CRCs
}

function png(width: number, height: number, colour: number, rows: number[][], palette?: number[][]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, colour, 0, 0, 0], 8);
  const raw = Buffer.concat(rows.map((r) => Buffer.from([0, ...r])));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    ...(palette ? [chunk('PLTE', Buffer.from(palette.flat()))] : []),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An 8-bit greyscale PNG of the given rows of values (0: background). */
export function greyPng(rows: number[][]): Buffer {
  return png((rows[0] ?? []).length, rows.length, 0, rows);
}

/** An 8-bit RGB PNG of the given rows of [r, g, b] pixels. */
export function rgbPng(rows: [number, number, number][][]): Buffer {
  return png(
    (rows[0] ?? []).length,
    rows.length,
    2,
    rows.map((r) => r.flat()),
  );
}

/** An 8-bit palette PNG: rows of palette indices and the palette's [r, g, b] colours. */
export function palettePng(rows: number[][], palette: [number, number, number][]): Buffer {
  return png((rows[0] ?? []).length, rows.length, 3, rows, palette);
}
