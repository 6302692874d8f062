import type { FormatIO } from '../format-io.js';
import { isJsonObject } from '../json-object.js';
import { dirName, joinPath } from '../paths.js';

type Json = Record<string, unknown>;

/** Folders above a file's own looked in for a dataset card: `data/` and a config's folder of a Hub repository. */
const CLIMB = 2;

/**
 * The features (in `dataset_info.json`'s JSON form: `{label: {_type: 'ClassLabel', names}}`) of the
 * Hugging Face dataset a file lies in, from the repository's dataset card (README.md's YAML front
 * matter, `dataset_info: features: - name: label dtype: class_label: names: {'0': neg, '1': pos}`) or
 * its legacy `dataset_infos.json` (features per config), looked for in the file's folder and up to two
 * folders above it. A card above the file's folder counts only when it places the file: the file lies
 * in its `data/` folder (the Hub's default layout), in a folder named as one of its configs, or one of
 * its configs' `data_files` patterns matches it, so a README of some other folder up the path is never
 * taken. With several configs, the one a
 * folder of the file's path names, else `default`, else the only one. Undefined when there is none.
 */
export async function cardFeatures(path: string, io: FormatIO): Promise<unknown> {
  let dir = dirName(path);
  for (let up = 0; up <= CLIMB; up++) {
    const relative = path.slice(dir.length + 1);
    const below = relative.split('/').slice(0, -1);
    const card = joinPath(dir, 'README.md');
    if (await io.exists(card)) {
      const features = await frontMatterFeatures(
        await io.readText(card),
        below,
        up === 0 ? undefined : relative,
      );
      if (features !== undefined) return features;
    }
    const infos = joinPath(dir, 'dataset_infos.json');
    if ((up === 0 || below[0] === 'data') && (await io.exists(infos))) {
      try {
        const all = JSON.parse(await io.readText(infos)) as unknown;
        if (isJsonObject(all)) {
          const configs = Object.entries(all).map(([name, info]) => ({
            ...(isJsonObject(info) ? info : {}),
            config_name: name,
          }));
          const info = pickConfig(configs, below);
          if (info?.features !== undefined) return info.features;
        }
      } catch {}
    }
    const parent = dirName(dir);
    if (parent === dir || parent === '') break;
    dir = parent;
  }
  return undefined;
}

/** The config of `configs` a folder of the file's path names, else `default`, else the only one. */
function pickConfig(configs: readonly Json[], folders: readonly string[]): Json | undefined {
  return (
    configs.find((c) => folders.includes(String(c.config_name))) ??
    configs.find((c) => (c.config_name ?? 'default') === 'default') ??
    (configs.length === 1 ? configs[0] : undefined)
  );
}

/**
 * The features of a dataset card's `dataset_info` front matter, in the JSON form; undefined without, or
 * when `relative` (the file's path below a card above its folder) is not in `data/`, not in a folder
 * named as a config, and not matched by the card's `configs` `data_files`.
 */
async function frontMatterFeatures(
  card: string,
  folders: readonly string[],
  relative?: string,
): Promise<unknown> {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(card);
  if (!m || !m[1]!.includes('class_label')) return undefined;
  let meta: unknown;
  try {
    meta = (await import('yaml')).parse(m[1]!);
  } catch {
    return undefined;
  }
  if (!isJsonObject(meta)) return undefined;
  const infos = Array.isArray(meta.dataset_info)
    ? meta.dataset_info.filter(isJsonObject)
    : [meta.dataset_info].filter(isJsonObject);
  // The configs whose data_files patterns match the file: their names choose among dataset_info's too.
  const matched = configsMatching(meta.configs, relative ?? folders.join('/'));
  const placed =
    relative === undefined ||
    relative.startsWith('data/') ||
    matched.length > 0 ||
    infos.some((c) => typeof c.config_name === 'string' && folders.includes(c.config_name));
  if (!placed) return undefined;
  const features = pickConfig(infos, [...matched, ...folders])?.features;
  if (!Array.isArray(features)) return undefined;
  const out: Json = {};
  for (const f of features) {
    if (!isJsonObject(f) || typeof f.name !== 'string') continue;
    const direct = classLabel(f.dtype) ?? classLabel(f);
    const inner = f.sequence ?? f.list;
    const listed = classLabel(inner) ?? (isJsonObject(inner) ? classLabel(inner.dtype) : undefined);
    if (direct) out[f.name] = { _type: 'ClassLabel', names: direct };
    else if (listed) out[f.name] = { _type: 'Sequence', feature: { _type: 'ClassLabel', names: listed } };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The names of a card's `configs` (each with `data_files`: a pattern, a list, or `{split, path}` entries)
 * whose patterns match `relative`.
 */
function configsMatching(configs: unknown, relative: string): string[] {
  if (!Array.isArray(configs)) return [];
  const out: string[] = [];
  for (const c of configs) {
    if (!isJsonObject(c)) continue;
    const patterns: string[] = [];
    const add = (v: unknown): void => {
      if (typeof v === 'string') patterns.push(v);
      else if (Array.isArray(v)) for (const x of v) add(x);
      else if (isJsonObject(v)) add(v.path);
    };
    add(c.data_files);
    if (patterns.some((p) => globRegExp(p).test(relative))) out.push(String(c.config_name ?? 'default'));
  }
  return out;
}

/** A `data_files` glob as a regular expression: `**` any folders, `*` and `?` within one name. */
function globRegExp(glob: string): RegExp {
  const name = (part: string) =>
    part
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]');
  const body = glob
    .replace(/^\.\//, '')
    .split(/\*\*\/?/)
    .map(name)
    .join('.*');
  return new RegExp(`^${body}$`);
}

/** The names of a `class_label: names: {'0': neg, …}` (or a list of names), or undefined. */
function classLabel(v: unknown): string[] | undefined {
  if (!isJsonObject(v) || !isJsonObject(v.class_label)) return undefined;
  const names = v.class_label.names;
  if (Array.isArray(names)) return names.map(String);
  if (!isJsonObject(names)) return undefined;
  const out: string[] = [];
  for (const [k, name] of Object.entries(names)) {
    const i = Number(k);
    if (!Number.isInteger(i) || i < 0 || i > 1e6) return undefined;
    out[i] = String(name);
  }
  return Array.from(out, (n, i) => n ?? String(i));
}
