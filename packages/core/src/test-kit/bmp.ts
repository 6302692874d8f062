/**
 * A valid 24-bit BMP (BITMAPINFOHEADER, bottom-up rows padded to 4 bytes), as the BMP file format defines:
 * a format this build of sharp does not decode, which browsers show.
 */
export function bmp(width: number, height: number): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const out = Buffer.alloc(54 + row * height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(row * height, 34);
  for (let i = 54; i < out.length; i++) out[i] = (i * 7) & 0xff;
  return out;
}
