/** Assay's version, recorded on every run. Kept in step with the packages' package.json. */
export const VERSION = '0.1.0';
