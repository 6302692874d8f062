/** How a model's classes meet the project's: by name (case, spaces, `_` and `-` ignored). */
export interface ClassMapping {
  /** Model class index → project class name, for the classes kept. */
  toProject: Map<number, string>;
  /** Model classes kept but not in the project (their detections are dropped). */
  unmapped: string[];
  /** Project class names the model does not know. */
  unknown_to_model: string[];
  /** Classes added to a project that had none. */
  added: string[];
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();

/**
 * Maps model classes onto the project's by name. `only` keeps just these model classes (names as the
 * model or the project spells them). A project without classes takes the model's (kept) classes.
 * Pure; unknown names in `only` are returned for the caller to refuse.
 */
export function mapClasses(
  modelClasses: readonly string[],
  projectClasses: readonly string[],
  only?: readonly string[],
): ClassMapping & { unknown_only: string[] } {
  const wanted = only ? new Set(only.map(norm)) : undefined;
  const unknown_only = only ? only.filter((n) => !modelClasses.some((m) => norm(m) === norm(n))) : [];
  const project = new Map(projectClasses.map((c) => [norm(c), c]));
  const mapping: ClassMapping & { unknown_only: string[] } = {
    toProject: new Map(),
    unmapped: [],
    unknown_to_model: [],
    added: [],
    unknown_only,
  };
  modelClasses.forEach((name, i) => {
    if (wanted && !wanted.has(norm(name))) return;
    if (projectClasses.length === 0) {
      mapping.toProject.set(i, name);
      mapping.added.push(name);
      return;
    }
    const hit = project.get(norm(name));
    if (hit === undefined) mapping.unmapped.push(name);
    else mapping.toProject.set(i, hit);
  });
  const known = new Set(modelClasses.map(norm));
  mapping.unknown_to_model = projectClasses.filter((c) => !known.has(norm(c)));
  return mapping;
}
