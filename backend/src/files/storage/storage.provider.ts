import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { FileStorage } from './file-storage.js';
import { LocalFileStorage } from './local.driver.js';
import { S3FileStorage } from './s3.driver.js';

/** The driver STORAGE_DRIVER names (local by default), checked before the API takes requests. */
export function createFileStorage(config: AppConfig): FileStorage {
  return config.files.driver === 's3' ? new S3FileStorage(config.files.s3) : new LocalFileStorage(config.files.dir);
}

export const fileStorageProvider: Provider = {
  provide: FileStorage,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig) => {
    const storage = createFileStorage(config);
    await storage.test().catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`File storage (${storage.driver}) is not usable: ${reason}`);
    });
    return storage;
  },
};
