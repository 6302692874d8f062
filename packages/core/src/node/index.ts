export { writeFileAtomic } from './atomic-write.js';
export { createNodeFormatIO, type NodeFormatIOOptions } from './fs-format-io.js';
