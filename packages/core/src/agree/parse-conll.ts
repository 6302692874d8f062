/**
 * Reads CoNLL-style token/tag files: one token per line, fields separated by tabs or spaces, the tag in
 * the last field; a blank line ends a sentence; `-DOCSTART-` lines are skipped. CRLF line ends are fine.
 * A line with a token but no tag is kept as `O` and reported, so that files stay aligned by position.
 */
import { ProblemList } from '../formats/problems.js';

export interface ConllSentence {
  tokens: string[];
  tags: string[];
  /** 1-based line of the first token. */
  line: number;
}

export interface ParsedConll {
  sentences: ConllSentence[];
  problems: ProblemList;
}

export function parseConll(text: string, file: string): ParsedConll {
  const sentences: ConllSentence[] = [];
  const problems = new ProblemList();
  let current: ConllSentence | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i]!.trim().split(/\s+/);
    const first = fields[0] ?? '';
    if (first === '' || first === '-DOCSTART-') {
      if (current) sentences.push(current);
      current = undefined;
      continue;
    }
    current ??= { tokens: [], tags: [], line: i + 1 };
    current.tokens.push(first);
    if (fields.length < 2) {
      problems.warn(file, `line ${i + 1}`, `token "${first}" has no tag; read as O`);
      current.tags.push('O');
    } else current.tags.push(fields[fields.length - 1]!);
  }
  if (current) sentences.push(current);
  return { sentences, problems };
}
