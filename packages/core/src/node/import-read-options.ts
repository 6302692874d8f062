// How an import reads its input: the format (given or detected), the read options the user gave
// (refused when the format does not use them) and byte progress of streamed files.
import { resolve } from 'node:path';
import { AssayError } from '../errors.js';
import type { Detection, Format, PrefixMap, ReadInput, ReadOption } from '../formats/define-format.js';
import { detectFormat } from '../formats/detect-format.js';
import type { FormatIO } from '../formats/format-io.js';
import { formatById, formats } from '../formats/index.js';
import { toPosix } from '../formats/paths.js';
import { createNodeFormatIO } from './fs-format-io.js';
import type { ImportDatasetOptions } from './import-dataset.js';

export async function chooseFormat(
  options: ImportDatasetOptions,
  path: string,
): Promise<{ format: Format; detection?: Detection }> {
  const io = createNodeFormatIO();
  if (options.format === 'auto') return detectFormat(formats, path, io);
  const format = formatById(options.format);
  if (!format) {
    throw new AssayError('USAGE', `Unknown format "${options.format}".`, {
      hint: `Use one of: auto, ${formats.map((f) => f.id).join(', ')}.`,
    });
  }
  return { format };
}

/** The read options the user gave, refused when the format does not use them (never ignored silently). */
export type ReadOptionInput = Pick<ReadInput, 'pick' | 'mapPrefixes' | 'textFields' | 'keyPrefix'>;

export function readOptions(format: Format, options: ImportDatasetOptions): ReadOptionInput {
  const used = format.readOptions ?? [];
  const refuse = (flag: ReadOption) => {
    const takers = formats.filter((f) => f.readOptions?.includes(flag)).map((f) => f.id);
    return new AssayError('USAGE', `--${flag} does not apply to ${format.id}.`, {
      hint: `Leave out --${flag}: only ${takers.join(', ')} import${takers.length === 1 ? 's' : ''} with it.`,
    });
  };
  const out: ReadOptionInput = {};
  const fields: NonNullable<ReadInput['textFields']> = {};
  const take = (flag: ReadOption, value: string | undefined, set: (v: string) => void) => {
    if (value === undefined) return;
    if (!used.includes(flag)) throw refuse(flag);
    set(value);
  };
  take('text-column', options.textColumn, (v) => {
    fields.text = v;
  });
  take('id-column', options.idColumn, (v) => {
    fields.id = v;
  });
  const labels = options.labelColumns?.flatMap((v) => v.split(',')).filter((v) => v !== '');
  take('label-column', labels?.length ? labels.join(',') : undefined, () => {
    fields.labels = labels;
  });
  take('key-prefix', options.keyPrefix, (v) => {
    out.keyPrefix = v;
  });
  if (Object.keys(fields).length > 0) out.textFields = fields;
  if (options.pick !== undefined) {
    if (!used.includes('pick')) throw refuse('pick');
    if (!/^(latest|first|each|annotator:.+)$/.test(options.pick))
      throw new AssayError('USAGE', `--pick "${options.pick}" is not a rule.`, {
        hint: 'Use latest, first, annotator:<name> or each.',
      });
    out.pick = options.pick;
  }
  if (options.mapPrefixes !== undefined && options.mapPrefixes.length > 0) {
    if (!used.includes('map-prefix')) throw refuse('map-prefix');
    out.mapPrefixes = options.mapPrefixes.map((text): PrefixMap => {
      const at = text.indexOf('=');
      if (at <= 0)
        throw new AssayError('USAGE', `--map-prefix "${text}" has no FROM=TO form.`, {
          hint: 'Write it as --map-prefix s3://bucket/images/=/data/images/ (the reference prefix, =, the local one).',
        });
      const to = text.slice(at + 1);
      // `./x` and `../x` are folders relative to the working folder; other relative `to`s are relative
      // to the images folder, and absolute ones stay as they are.
      const local = /^\.\.?[\\/]/.test(to) ? `${toPosix(resolve(to))}/` : to;
      return { from: text.slice(0, at), to: local };
    });
  }
  return out;
}

/**
 * `io` reporting the bytes of each file it streams from the start (not reads of a part, such as a
 * tail read ahead), as the reader takes them.
 */
export function withProgress(
  io: FormatIO,
  report: NonNullable<ImportDatasetOptions['onProgress']>,
): FormatIO {
  return {
    ...io,
    readChunks(path, chunkSize, start) {
      const chunks = io.readChunks(path, chunkSize, start);
      if (start !== undefined && start > 0) return chunks;
      return (async function* () {
        const total = (await io.fileSize(path)) ?? 0;
        let bytes = 0;
        for await (const chunk of chunks) {
          bytes += chunk.length;
          report({ bytes, total });
          yield chunk;
        }
      })();
    },
  };
}
