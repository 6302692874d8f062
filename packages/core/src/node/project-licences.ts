import type { Licence } from '../formats/dataset.js';
import type { Problem } from '../formats/problems.js';
import type { LicenceNames } from '../report/datasheet-facts.js';
import type { ProjectStore } from '../store/project-store.js';

/** Project meta key of the licences imports found, as JSON `{id: {name, url?}}`. */
const KEY = 'licences';

async function load(store: ProjectStore): Promise<Record<string, { name: string; url?: string }>> {
  const text = await store.getMeta(KEY);
  if (text === undefined) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, { name: string }>) : {};
  } catch {
    return {};
  }
}

/**
 * Keeps the licences an import read (for the report's datasheet). An id the project knows under
 * another name keeps the first name, with a warning: samples refer to licences by id alone.
 */
export async function saveLicences(
  store: ProjectStore,
  licences: readonly Licence[] | undefined,
  file: string,
): Promise<Problem[]> {
  if (!licences || licences.length === 0) return [];
  const known = await load(store);
  const problems: Problem[] = [];
  for (const { id, name, url } of licences) {
    const before = known[id];
    if (before === undefined) known[id] = url === undefined ? { name } : { name, url };
    else if (before.name !== name) {
      problems.push({
        file,
        record: `licenses (id ${id})`,
        reason: `licence id ${id} is "${name}" here but "${before.name}" in the project; "${before.name}" was kept`,
        hint: 'Licence ids are shared by every file of a project; give different licences different ids.',
        severity: 'warning',
      });
    }
  }
  await store.setMeta(KEY, JSON.stringify(known));
  return problems;
}

/** The licence names the project's imports found, by id. */
export async function loadLicenceNames(store: ProjectStore): Promise<LicenceNames> {
  return new Map(Object.entries(await load(store)));
}
