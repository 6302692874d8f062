import { AssayError } from '../errors.js';

/**
 * LZF decompression (liblzf's format, as PCD `binary_compressed` uses it): a control byte below 32
 * starts a run of ctrl + 1 literal bytes; otherwise the top 3 bits give a length (7 = one more length
 * byte follows) and the rest with the next byte a back reference; len + 2 bytes are copied from it.
 */
export function lzfDecompress(input: Uint8Array, outputBytes: number, file: string): Uint8Array {
  const out = new Uint8Array(outputBytes);
  let ip = 0;
  let op = 0;
  const fail = (): never => {
    throw new AssayError('PARSE_ERROR', `${file}: the compressed point data is damaged (LZF).`, {
      hint: 'Re-export the file, or save it as binary or ascii PCD.',
    });
  };
  while (ip < input.length) {
    const ctrl = input[ip++]!;
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (op + run > outputBytes || ip + run > input.length) fail();
      out.set(input.subarray(ip, ip + run), op);
      ip += run;
      op += run;
      continue;
    }
    let len = ctrl >> 5;
    if (len === 7) {
      if (ip >= input.length) fail();
      len += input[ip++]!;
    }
    if (ip >= input.length) fail();
    let ref = op - ((ctrl & 0x1f) << 8) - input[ip++]! - 1;
    len += 2;
    if (ref < 0 || op + len > outputBytes) fail();
    // Byte by byte: the reference may overlap the bytes being written (a repeated pattern).
    for (let k = 0; k < len; k++) out[op++] = out[ref++]!;
  }
  if (op !== outputBytes) fail();
  return out;
}

/**
 * LZF "compression" that stores every byte as a literal (runs of up to 32 bytes): valid LZF that any
 * reader decompresses, 1/32 larger than the input. Enough for writing binary_compressed PCD.
 */
export function lzfStoreLiterals(input: Uint8Array): Uint8Array {
  const runs = Math.ceil(input.length / 32);
  const out = new Uint8Array(input.length + runs);
  let op = 0;
  for (let ip = 0; ip < input.length; ip += 32) {
    const run = Math.min(32, input.length - ip);
    out[op++] = run - 1;
    out.set(input.subarray(ip, ip + run), op);
    op += run;
  }
  return out;
}
