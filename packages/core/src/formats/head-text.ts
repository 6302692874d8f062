import type { FormatIO } from './format-io.js';

/**
 * The first `bytes` of a file as text (64 KiB by default): what detectors look at before reading a
 * file whole, so that `import auto` does not parse a large JSON of another format.
 */
export async function headText(path: string, io: FormatIO, bytes = 65536): Promise<string> {
  for await (const chunk of io.readChunks(path, bytes))
    return new TextDecoder().decode(chunk.subarray(0, bytes));
  return '';
}
