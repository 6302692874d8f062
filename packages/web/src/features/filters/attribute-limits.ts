/** Values listed per attribute before a search (attribute-filter.tsx): free-text attributes have thousands. */
export const TOP_VALUES = 8;
