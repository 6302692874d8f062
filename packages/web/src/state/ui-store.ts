import type { SampleSort } from '@assay/api';
import { create } from 'zustand';

/** UI state that is not worth a URL: drawing options, sort, tile size. */
export interface UiState {
  /** Sources whose annotations are hidden (all shown by default). */
  hiddenSources: string[];
  /** Predictions below this confidence are not drawn. */
  minScore: number;
  colorBy: 'class' | 'outcome';
  sort: SampleSort;
  tileSize: number;
  /** The grid's first page and its annotations have arrived (or failed): until then the facets wait, so the grid paints first. */
  gridReady: boolean;
  toggleSource: (source: string) => void;
  set: (patch: Partial<Omit<UiState, 'toggleSource' | 'set'>>) => void;
}

export const useUi = create<UiState>((set) => ({
  hiddenSources: [],
  minScore: 0.3,
  colorBy: 'class',
  // Import order (sample id): the cheapest order at a million samples; path order sorts every key.
  sort: { by: 'id' },
  tileSize: 180,
  gridReady: false,
  toggleSource: (source) =>
    set((s) => ({
      hiddenSources: s.hiddenSources.includes(source)
        ? s.hiddenSources.filter((x) => x !== source)
        : [...s.hiddenSources, source],
    })),
  set: (patch) => set(patch),
}));
