import type { PrefixMap } from '../define-format.js';
import type { FormatIO } from '../format-io.js';
import { joinPath, normalizePath, relativeInside, toPosix } from '../paths.js';
import { toSampleKey } from '../sample-key.js';

const UPLOAD = /^\/?data\/upload\/\d+\/(.+)$/;
const LOCAL_FILES = /^\/?data\/local-files\/?\?(.*)$/;
const URL = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i;
/** Label Studio stores uploads as `<8 hex>-<original name>`. */
const UPLOAD_PREFIX = /^[0-9a-f]{8}-(.+)$/i;
const ABSOLUTE = /^(\/|[a-zA-Z]:\/)/;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** How an image reference became a sample key. */
export type ImageRef = { key: string; found: boolean; mapped: boolean } | { refused: string };

/** `a/b/c.jpg` → `a/b/c.jpg`, `b/c.jpg`, `c.jpg`, then `c.jpg` without an upload prefix. */
function tails(path: string): string[] {
  const parts = toPosix(path)
    .split('/')
    .filter((p) => p !== '' && p !== '.' && p !== '..');
  const out = parts.map((_, i) => parts.slice(i).join('/'));
  const name = UPLOAD_PREFIX.exec(parts[parts.length - 1] ?? '')?.[1];
  if (name) out.push(name);
  return out;
}

/** The relative paths to try for a reference that is no plain relative path, longest first. */
export function candidateKeys(raw: string, imagesRoot: string): string[] {
  return [...new Set(candidates(raw, imagesRoot))];
}

function candidates(raw: string, imagesRoot: string): string[] {
  const text = toPosix(raw.trim());
  const upload = UPLOAD.exec(text);
  if (upload?.[1]) return tails(decode(upload[1]));
  const local = LOCAL_FILES.exec(text);
  if (local) {
    const d = new URLSearchParams(local[1]).get('d');
    if (!d) return [];
    const inside = ABSOLUTE.test(d) ? relativeInside(imagesRoot, d) : undefined;
    return [...(inside ? [inside] : []), ...tails(d)];
  }
  const url = URL.exec(text);
  if (url) return tails(decode(url[3] ?? ''));
  if (ABSOLUTE.test(text)) {
    const inside = relativeInside(imagesRoot, text);
    return [...(inside ? [inside] : []), ...tails(text)];
  }
  return [];
}

/**
 * Label Studio image references → sample keys relative to the images root, remembering what could
 * not be found there.
 *
 * - A relative path is the key (`..` refused).
 * - `--map-prefix FROM=TO` first: a reference starting with FROM starts with TO instead (longest FROM
 *   first); an absolute result must lie inside the images root, a relative one is a key.
 * - Else `/data/upload/<n>/<name>`, `/data/local-files/?d=<path>`, URLs (`https://host/...`,
 *   `s3://bucket/...`, `gs://`, `azure-blob://`) and absolute paths are looked up under the images
 *   root by the tail of their path: the whole path, then shorter tails down to the file name, then the
 *   file name without Label Studio's `<8 hex>-` upload prefix. The first that exists is the key.
 * - When none exists the longest tail is the key all the same (the annotations are kept; `assay scan`
 *   reports the file as missing) and the reference is counted as not found.
 */
export class ImageRefResolver {
  private readonly exists = new Map<string, Promise<boolean>>();
  private readonly prefixes: PrefixMap[];
  readonly unresolved: { ref: string; key: string }[] = [];
  unresolvedCount = 0;

  constructor(
    private readonly imagesRoot: string,
    private readonly io: FormatIO,
    prefixes: readonly PrefixMap[] = [],
  ) {
    this.prefixes = [...prefixes].sort((a, b) => b.from.length - a.from.length);
  }

  private has(key: string): Promise<boolean> {
    let known = this.exists.get(key);
    if (!known) {
      known = this.io.exists(joinPath(this.imagesRoot, key));
      this.exists.set(key, known);
    }
    return known;
  }

  private missing(ref: string, key: string): ImageRef {
    this.unresolvedCount++;
    if (this.unresolved.length < 3) this.unresolved.push({ ref, key });
    return { key, found: false, mapped: false };
  }

  async resolve(raw: string): Promise<ImageRef> {
    const text = raw.trim();
    const prefix = this.prefixes.find((p) => text.startsWith(p.from));
    if (prefix) return this.mapped(text, `${prefix.to}${text.slice(prefix.from.length)}`);
    const candidates = candidateKeys(text, this.imagesRoot)
      .map((c) => toSampleKey(c))
      .filter((c): c is { key: string } => 'key' in c)
      .map((c) => c.key);
    if (candidates.length === 0) {
      const plain = toSampleKey(text);
      if ('refused' in plain) return plain;
      return { key: plain.key, found: true, mapped: false };
    }
    for (const key of candidates) if (await this.has(key)) return { key, found: true, mapped: true };
    return this.missing(raw, candidates[0] as string);
  }

  private async mapped(raw: string, path: string): Promise<ImageRef> {
    const local = toPosix(decode(path));
    const inside = ABSOLUTE.test(local) ? relativeInside(this.imagesRoot, local) : normalizePath(local);
    if (inside === undefined || inside === '' || inside.split('/').includes('..'))
      return {
        refused: `--map-prefix turns "${raw}" into ${local}, which is outside the images folder ${this.imagesRoot}`,
      };
    const found = await this.has(inside);
    return found ? { key: inside, found, mapped: true } : this.missing(raw, inside);
  }

  /** One line on the references not found, or undefined when every one was. */
  summary(): string | undefined {
    if (this.unresolvedCount === 0) return undefined;
    const examples = this.unresolved.map((u) => `"${u.ref}" → ${u.key}`).join(', ');
    return `${this.unresolvedCount} image reference${this.unresolvedCount === 1 ? ' was' : 's were'} not found under ${this.imagesRoot} (e.g. ${examples}); kept under ${this.unresolvedCount === 1 ? 'that key' : 'those keys'} with their annotations, \`assay scan\` reports the missing files`;
  }
}

/** The folder `--map-prefix` targets share, for an images root when the user named none. */
export function prefixRoot(prefixes: readonly PrefixMap[]): string | undefined {
  const targets = prefixes.map((p) => toPosix(p.to));
  if (targets.length === 0 || !targets.every((t) => ABSOLUTE.test(t))) return undefined;
  const split = targets.map((t) => normalizePath(t.endsWith('/') ? t : `${t}/..`).split('/'));
  const first = split[0] ?? [];
  let n = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < n && parts[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join('/') || '/';
}
