import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A stack frame's place in a file of the CLI's bundle (a folder named `bundle`): file, line, column. */
const BUNDLE_PLACE =
  /(file:\/\/\/[^\s()]*?\/bundle\/[\w.-]+\.js|\/[^\s()]*?\/bundle\/[\w.-]+\.js):(\d+):(\d+)/g;

/**
 * `stack` with each place in a bundle chunk replaced by its place in the TypeScript sources, read from
 * the chunk's source map (`<chunk>.js.map`). bin/assay.js turns Node's source maps on for every command
 * but a plain `eval coco` line (issue 10 §4: reading the maps costs that process ~2.5% of its CPU), so
 * a stack printed there names the chunks until mapped here; a stack Node already mapped has no such
 * place and is returned as it is, as is a place without a readable map.
 */
export function mappedStack(stack: string): string {
  const maps = new Map<string, SourceMap | undefined>();
  return stack.replace(BUNDLE_PLACE, (place: string, file: string, line: string, column: string) => {
    if (!maps.has(file)) maps.set(file, sourceMap(file));
    const entry = maps.get(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (entry === undefined || !('originalSource' in entry)) return place;
    const source = entry.originalSource.startsWith('file:')
      ? fileURLToPath(entry.originalSource)
      : entry.originalSource;
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function sourceMap(file: string): SourceMap | undefined {
  try {
    const mapUrl = new URL(`${file.startsWith('file:') ? file : pathToFileURL(file).href}.map`);
    const payload = JSON.parse(readFileSync(mapUrl, 'utf8')) as SourceMapPayload;
    return new SourceMap({ ...payload, sources: payload.sources.map((s) => new URL(s, mapUrl).href) });
  } catch {
    return undefined;
  }
}
