import { readFile } from 'node:fs/promises';
import { type FixRule, parseRuleFile } from '../../edits/fix-rules.js';
import { AssayError } from '../../errors.js';

/** Reads and validates a rule file (YAML or JSON) for `assay fix --rules FILE`. */
export async function loadRuleFile(path: string): Promise<FixRule[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AssayError('NOT_FOUND', `Cannot read the rule file ${path}.`, {
      hint: 'Check the path; a rule file is YAML with a `rules:` list (docs/fix-rules.md).',
      cause: error,
    });
  }
  return parseRuleFile(text, path);
}
