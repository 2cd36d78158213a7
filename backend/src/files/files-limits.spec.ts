import { describeFileLimits } from '../../test/files-limits-suite.js';

// One after the other in one file, not in two files the runner may run at once: the purge erases the
// expired files of every clinic through its own driver, and would mark the other driver's rows purged.
describeFileLimits('local');
describeFileLimits('s3');
