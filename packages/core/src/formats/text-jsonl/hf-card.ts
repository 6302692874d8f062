import type { FormatIO } from '../format-io.js';
import { dirName, joinPath } from '../paths.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Folders above a file's own looked in for a dataset card: `data/` and a config's folder of a Hub repository. */
const CLIMB = 2;

/**
 * The features (in `dataset_info.json`'s JSON form: `{label: {_type: 'ClassLabel', names}}`) of the
 * Hugging Face dataset a file lies in, from the repository's dataset card (README.md's YAML front
 * matter, `dataset_info: features: - name: label dtype: class_label: names: {'0': neg, '1': pos}`) or
 * its legacy `dataset_infos.json` (features per config), looked for in the file's folder and up to two
 * folders above it (`data/`, a config's folder). With several configs, the one a folder of the file's
 * path names, else `default`, else the only one. Undefined when there is none.
 */
export async function cardFeatures(path: string, io: FormatIO): Promise<unknown> {
  let dir = dirName(path);
  for (let up = 0; up <= CLIMB; up++) {
    const below = path
      .slice(dir.length + 1)
      .split('/')
      .slice(0, -1);
    const card = joinPath(dir, 'README.md');
    if (await io.exists(card)) {
      const features = await frontMatterFeatures(await io.readText(card), below);
      if (features !== undefined) return features;
    }
    const infos = joinPath(dir, 'dataset_infos.json');
    if (await io.exists(infos)) {
      try {
        const all = JSON.parse(await io.readText(infos)) as unknown;
        if (isObject(all)) {
          const configs = Object.entries(all).map(([name, info]) => ({
            ...(isObject(info) ? info : {}),
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

/** The features of a dataset card's `dataset_info` front matter, in the JSON form; undefined without. */
async function frontMatterFeatures(card: string, folders: readonly string[]): Promise<unknown> {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(card);
  if (!m || !m[1]!.includes('class_label')) return undefined;
  let meta: unknown;
  try {
    meta = (await import('yaml')).parse(m[1]!);
  } catch {
    return undefined;
  }
  if (!isObject(meta)) return undefined;
  const infos = Array.isArray(meta.dataset_info)
    ? meta.dataset_info.filter(isObject)
    : [meta.dataset_info].filter(isObject);
  const features = pickConfig(infos, folders)?.features;
  if (!Array.isArray(features)) return undefined;
  const out: Json = {};
  for (const f of features) {
    if (!isObject(f) || typeof f.name !== 'string') continue;
    const direct = classLabel(f.dtype) ?? classLabel(f);
    const inner = f.sequence ?? f.list;
    const listed = classLabel(inner) ?? (isObject(inner) ? classLabel(inner.dtype) : undefined);
    if (direct) out[f.name] = { _type: 'ClassLabel', names: direct };
    else if (listed) out[f.name] = { _type: 'Sequence', feature: { _type: 'ClassLabel', names: listed } };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The names of a `class_label: names: {'0': neg, …}` (or a list of names), or undefined. */
function classLabel(v: unknown): string[] | undefined {
  if (!isObject(v) || !isObject(v.class_label)) return undefined;
  const names = v.class_label.names;
  if (Array.isArray(names)) return names.map(String);
  if (!isObject(names)) return undefined;
  const out: string[] = [];
  for (const [k, name] of Object.entries(names)) {
    const i = Number(k);
    if (!Number.isInteger(i) || i < 0 || i > 1e6) return undefined;
    out[i] = String(name);
  }
  return Array.from(out, (n, i) => n ?? String(i));
}
