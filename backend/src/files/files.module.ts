import { Module } from '@nestjs/common';
import { MultipartModule } from '@nestjs/platform-fastify/multipart';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AuditModule } from '../audit/audit.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { BillingModule } from '../billing/billing.module.js';
import { FilesController } from './files.controller.js';
import { FilesService } from './files.service.js';
import { FileContentService } from './file-content.service.js';
import { FilePurgeService } from './file-purge.service.js';
import { FilesRepository } from './files.repository.js';
import { fileStorageProvider } from './storage/storage.provider.js';

@Module({
  imports: [
    AuditModule,
    PatientsModule,
    AppointmentsModule,
    BillingModule,
    MultipartModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // One file and a few short fields. The parser's own cap sits a byte past FILE_MAX_BYTES, so the
        // upload's meter normally refuses first; browsers send file names as UTF-8.
        limits: { fileSize: config.files.maxBytes + 1, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12, headerPairs: 100 },
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [FilesController],
  providers: [FilesService, FileContentService, FilePurgeService, FilesRepository, fileStorageProvider],
  exports: [FilePurgeService],
})
export class FilesModule {}
