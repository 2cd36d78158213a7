import { describeFilesApi } from '../../test/files-api-suite.js';

describeFilesApi('s3');
