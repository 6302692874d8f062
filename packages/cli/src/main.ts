// The CLI's entry point (bin/assay.js runs its bundle): the program is program.ts.
import { runProgram } from './program.js';
import { closeQuietlyOnBrokenPipe } from './ui/broken-pipe.js';

closeQuietlyOnBrokenPipe();
await runProgram(process.argv);
