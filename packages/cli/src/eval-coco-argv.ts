/**
 * `assay eval coco` without commander: the evaluation of two COCO files is a one-shot process timed
 * against pycocotools' (issue 10 §4), and commander with the program's ~30 commands (and the Node
 * modules commander requires: child_process, readline, …) cost it ~0.015 s of CPU before any work.
 * Only plain command lines are read here — each option once, as its own word and its value the next
 * one; anything else (help, `--opt=value`, a value starting with "-", an unknown option or argument, an
 * option given twice) returns undefined and commander parses the line as before. What is returned is
 * what commander would pass the command's action (eval-coco-argv.test.ts checks it on many lines).
 */
import type { GlobalOptions } from './program-action.js';

/** The eval command's options and the program's globals, as commander gives them to the action. */
export interface EvalCocoArgv {
  globals: GlobalOptions;
  options: Record<string, unknown>;
  positional: [string, undefined, undefined];
}

const GLOBAL_FLAGS = new Set(['--json', '--debug']);
const IOU_TYPES = new Set(['bbox', 'segm', 'keypoints']);
/** Options with a value, and the key commander stores it under. */
const VALUED: Record<string, string> = {
  '--gt': 'gt',
  '--dt': 'dt',
  '--iou-type': 'iouType',
  '--iou': 'iou',
};

/** `argv` as process.argv (`[node, script, ...args]`). */
export function evalCocoArgv(argv: readonly string[]): EvalCocoArgv | undefined {
  const args = argv.slice(2);
  const globals: GlobalOptions = {};
  const options: Record<string, unknown> = { iouType: 'bbox', useCats: true };
  const seen = new Set<string>();
  let i = 0;
  while (i < args.length && GLOBAL_FLAGS.has(args[i]!)) {
    if (!flag(args[i]!, globals, seen)) return undefined;
    i++;
  }
  if (args[i] !== 'eval' || args[i + 1] !== 'coco') return undefined;
  for (i += 2; i < args.length; i++) {
    const word = args[i]!;
    if (GLOBAL_FLAGS.has(word)) {
      if (!flag(word, globals, seen)) return undefined;
    } else if (word === '--use-cats' || word === '--no-use-cats') {
      if (seen.has('useCats')) return undefined;
      seen.add('useCats');
      options.useCats = word === '--use-cats';
    } else {
      const key = VALUED[word];
      const value = args[i + 1];
      if (key === undefined || seen.has(key) || value === undefined || value.startsWith('-'))
        return undefined;
      if (key === 'iouType' && !IOU_TYPES.has(value)) return undefined;
      seen.add(key);
      options[key] = value;
      i++;
    }
  }
  return { globals, options, positional: ['coco', undefined, undefined] };
}

function flag(word: string, globals: GlobalOptions, seen: Set<string>): boolean {
  if (seen.has(word)) return false;
  seen.add(word);
  if (word === '--json') globals.json = true;
  else globals.debug = true;
  return true;
}
