import type { Filter } from '@assay/api';
import { useCallback, useMemo } from 'react';
import { useProject } from '../state/queries.js';
import { useUi } from '../state/ui-store.js';
import type { DrawAnnotation } from './make-overlays.js';

/** Class names and palette indices from /api/project, and the drawing options of the UI store. */
export function useDrawStyle() {
  const project = useProject();
  const colorBy = useUi((s) => s.colorBy);
  const byId = useMemo(() => new Map((project.data?.classes ?? []).map((c) => [c.id, c])), [project.data]);
  const className = useCallback(
    (id: number | null) => (id === null ? '(no class)' : (byId.get(id)?.name ?? `class ${id}`)),
    [byId],
  );
  const colorIndex = useCallback(
    (id: number | null) => (id === null ? null : (byId.get(id)?.color ?? id)),
    [byId],
  );
  return useMemo(() => ({ className, colorIndex, colorBy }), [className, colorIndex, colorBy]);
}

/**
 * The annotations to draw: sources not hidden, predictions at or above the confidence slider, and, when
 * the filter names classes, only those classes (the labels the filter is about).
 */
export function useVisibleAnnotations<T extends DrawAnnotation>(
  annotations: readonly T[] | undefined,
  filter: Filter,
) {
  const hidden = useUi((s) => s.hiddenSources);
  const minScore = useUi((s) => s.minScore);
  const project = useProject();
  return useMemo(() => {
    if (!annotations) return [];
    const classIds = filter.classes?.length
      ? new Set(
          (project.data?.classes ?? []).filter((c) => filter.classes?.includes(c.name)).map((c) => c.id),
        )
      : null;
    return annotations.filter(
      (a) =>
        !hidden.includes(a.source) &&
        !(a.source.startsWith('prediction:') && (a.score ?? 1) < minScore) &&
        (classIds === null || (a.class_id !== null && classIds.has(a.class_id))),
    );
  }, [annotations, hidden, minScore, filter.classes, project.data]);
}
