import { AssayError } from '@assay/core';
import type { CommandContext } from '../context.js';
import type { EvalOptions } from './eval.js';

/** `assay eval coco --gt GT.json --dt DT.json`: pycocotools-exact COCO evaluation of two files. */
export async function run(_options: EvalOptions, _ctx: CommandContext): Promise<number> {
  throw new AssayError('UNSUPPORTED', 'assay eval coco is being built.');
}
