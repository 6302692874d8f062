import { AssayError } from '../../errors.js';
import { parseCsv } from '../classification/csv-rows.js';
import { parseJson } from '../coco/parse-json.js';
import { type FormatIO, withoutBom } from '../format-io.js';
import { isJsonObject } from '../json-object.js';
import { joinPath } from '../paths.js';
import { previewJson } from '../preview-json.js';
import type { ProblemList } from '../problems.js';
import { isVia3, readVia3 } from './via3.js';

/** VIA's CSV export header (VIA 1.x writes it with a leading `#`). */
export const VIA_CSV_HEADER = [
  'filename',
  'file_size',
  'file_attributes',
  'region_count',
  'region_id',
  'region_shape_attributes',
  'region_attributes',
];

export interface ViaRegion {
  shape: unknown;
  attributes: Record<string, unknown>;
  /** Where it is in the file, for problems. */
  record: string;
}

export interface ViaImage {
  filename: string;
  record: string;
  regions: ViaRegion[];
}

export interface ViaContent {
  images: ViaImage[];
  /** `_via_attributes.region` of a project file. */
  declared?: Record<string, unknown>;
  form: string;
}

/** The image entries of a parsed VIA JSON: a project's `_via_img_metadata`, else the object itself. */
export function viaMetadata(
  value: unknown,
): { metadata: Record<string, unknown>; project: boolean } | undefined {
  if (!isJsonObject(value)) return undefined;
  if (isJsonObject(value._via_img_metadata)) return { metadata: value._via_img_metadata, project: true };
  const first = Object.values(value)[0];
  if (isJsonObject(first) && typeof first.filename === 'string' && 'regions' in first)
    return { metadata: value, project: false };
  return undefined;
}

/** Regions of an entry: VIA 2 lists them, VIA 1 keys them "0", "1", ... */
function regionsOf(entry: Record<string, unknown>): unknown[] | undefined {
  if (Array.isArray(entry.regions)) return entry.regions;
  return isJsonObject(entry.regions) ? Object.values(entry.regions) : undefined;
}

export function readViaJson(text: string, file: string, problems: ProblemList): ViaContent {
  const value = parseJson(withoutBom(text), file).value;
  if (isVia3(value)) return readVia3(value, file, problems);
  const found = viaMetadata(value);
  if (!found)
    throw new AssayError(
      'INVALID_INPUT',
      `${file} is not VIA JSON: no _via_img_metadata and no entries with filename and regions.`,
      {
        hint: 'Export from VIA with Annotation → Export Annotations (as json), or save the project (Project → Save).',
        details: { file },
      },
    );
  const images: ViaImage[] = [];
  for (const [id, raw] of Object.entries(found.metadata)) {
    const record = `"${id}"`;
    if (!isJsonObject(raw) || typeof raw.filename !== 'string') {
      problems.skip(file, record, `no "filename" string: ${previewJson(raw)}`);
      continue;
    }
    const list = regionsOf(raw) ?? [];
    if (!regionsOf(raw)) problems.warn(file, record, `"regions" is not a list: read as no regions`);
    images.push({
      filename: raw.filename,
      record,
      regions: list.map((r, i) => ({
        shape: isJsonObject(r) ? r.shape_attributes : r,
        attributes: isJsonObject(r) && isJsonObject(r.region_attributes) ? r.region_attributes : {},
        record: `${record} regions[${i}]`,
      })),
    });
  }
  const declared =
    isJsonObject(value) && isJsonObject(value._via_attributes) ? value._via_attributes.region : undefined;
  return {
    images,
    ...(isJsonObject(declared) ? { declared } : {}),
    form: found.project
      ? `VIA project (${String((value as Record<string, unknown>)._via_data_format_version ?? '2.x')})`
      : 'VIA JSON export',
  };
}

/** Whether a CSV header row is VIA's (the first cell may carry VIA 1.x's `#`). */
export function isViaCsvHeader(cells: string[]): boolean {
  const names = cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF?#?/, '') : c).trim());
  return VIA_CSV_HEADER.every((h, i) => names[i] === h);
}

function jsonCell(cell: string | undefined): unknown {
  try {
    return JSON.parse(cell?.trim() || '{}');
  } catch {
    return undefined;
  }
}

export function readViaCsv(text: string, file: string, problems: ProblemList): ViaContent {
  const rows = parseCsv(text, file);
  if (!isViaCsvHeader(rows[0]?.cells ?? []))
    throw new AssayError(
      'INVALID_INPUT',
      `${file} is not a VIA CSV: its header is not ${VIA_CSV_HEADER.join(',')}.`,
      {
        hint: 'Export from VIA with Annotation → Export Annotations (as csv).',
        details: { file, header: rows[0]?.cells ?? [] },
      },
    );
  const byName = new Map<string, ViaImage>();
  for (const row of rows.slice(1)) {
    const [filename, , , count] = row.cells;
    const record = `line ${row.line}`;
    if (!filename) {
      problems.skip(file, record, 'the filename cell is empty');
      continue;
    }
    let image = byName.get(filename);
    if (!image) {
      image = { filename, record, regions: [] };
      byName.set(filename, image);
    }
    if (Number(count) === 0) continue;
    const shape = jsonCell(row.cells[5]);
    const attributes = jsonCell(row.cells[6]);
    if (shape === undefined || attributes === undefined) {
      problems.skip(file, record, 'region_shape_attributes or region_attributes is not JSON');
      continue;
    }
    image.regions.push({ shape, attributes: isJsonObject(attributes) ? attributes : {}, record });
  }
  return { images: [...byName.values()], form: 'VIA CSV export' };
}

/** VIA files a folder may hold: its exports and saved projects, and Mask R-CNN's via_region_data.json. */
export async function viaFileIn(dir: string, io: FormatIO): Promise<string | undefined> {
  const files = (await io.listFiles(dir)).filter((f) => /^via[_-].*\.(json|csv)$/i.test(f));
  return files.length === 1 ? joinPath(dir, files[0] as string) : undefined;
}
