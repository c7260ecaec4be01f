// Runs the print kernel, for the printf check (its output is read from this process's stdout).
import { runPrintKernel } from './suite.js';

runPrintKernel();
