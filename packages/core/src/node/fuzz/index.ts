/** The fuzz kit (test-only, "@assay/core/fuzz-kit"): seeds of every format, seeded mutations, one case. */
export {
  describeCase,
  type FuzzCase,
  type FuzzOutcome,
  hashFiles,
  prepareCase,
  runCase,
} from './fuzz-case.js';
export { buildSeeds, type FuzzSeed } from './fuzz-seeds.js';
export { mutateFile } from './mutate.js';
