import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Database } from '../db/database.js';
import { systemActor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { FilesRepository } from './files.repository.js';
import { FileStorage, thumbnailKey } from './storage/file-storage.js';

const DAY_MS = 24 * 3600_000;
const BATCH = 100;
export const PURGE_JOB = 'files-purge';

export interface PurgeResult {
  purged: number;
  failed: number;
}

/**
 * Removes the bytes of files deleted more than FILE_RETENTION_DAYS ago: every day at 03:30 clinic time
 * as the worker's daily job for each clinic, or for every clinic at once with `npm run files:purge`.
 */
@Injectable()
export class FilePurgeService implements OnModuleInit {
  private readonly logger = new Logger(FilePurgeService.name);
  private readonly retentionMs: number;

  constructor(
    private readonly database: Database,
    private readonly repository: FilesRepository,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly registry: JobRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.retentionMs = config.files.retentionDays * DAY_MS;
  }

  onModuleInit(): void {
    this.registry.dailyJob({ name: PURGE_JOB, localTime: '03:30', run: (clinicId) => this.purgeClinic(clinicId).then(() => undefined) });
  }

  /** The daily job's share: this clinic's expired files, in batches, until none is left or only failures remain. */
  async purgeClinic(clinicId: string, clock: Clock = this.clock): Promise<PurgeResult> {
    const deletedBefore = new Date(clock.nowMs() - this.retentionMs);
    const result: PurgeResult = { purged: 0, failed: 0 };
    const failed = new Set<string>();
    for (;;) {
      const due = (
        await this.database.withClinic(clinicId, (tx) => this.repository.duePurgeIds(tx, clinicId, deletedBefore, BATCH + failed.size))
      ).filter((id) => !failed.has(id));
      if (due.length === 0) return result;
      for (const id of due) {
        if (await this.purgeOne(clinicId, id, deletedBefore, clock)) result.purged++;
        else {
          failed.add(id);
          result.failed++;
        }
      }
    }
  }

  /**
   * Each file: its bytes (and thumbnail) are deleted from storage first, outside any transaction, then the
   * row is marked purged and the purge audited in the clinic's transaction. A file whose bytes could not
   * be deleted is counted as failed and tried again on the next run; deleting twice is harmless.
   */
  async purgeExpired(clock: Clock = this.clock): Promise<PurgeResult> {
    const deletedBefore = new Date(clock.nowMs() - this.retentionMs);
    const result: PurgeResult = { purged: 0, failed: 0 };
    const seen = new Set<string>();
    for (;;) {
      const due = (await this.repository.dueForPurge(this.database.unscoped, deletedBefore, BATCH + seen.size)).filter(
        (f) => !seen.has(f.id),
      );
      if (due.length === 0) return result;
      for (const { clinicId, id } of due) {
        seen.add(id);
        if (await this.purgeOne(clinicId, id, deletedBefore, clock)) result.purged++;
        else result.failed++;
      }
    }
  }

  private async purgeOne(clinicId: string, fileId: string, deletedBefore: Date, clock: Clock): Promise<boolean> {
    const actor = systemActor(clinicId, PURGE_JOB);
    try {
      const row = await this.database.withClinic(clinicId, (tx) => this.repository.findPurgeable(tx, clinicId, fileId, deletedBefore));
      if (!row) return true;
      await this.storage.delete(thumbnailKey(row.storageKey));
      await this.storage.delete(row.storageKey);
      await this.database.transaction(actor, async (tx) => {
        if (!(await this.repository.markPurged(tx, clinicId, fileId, clock.now()))) return;
        await this.audit.record(actor, {
          action: 'FILE_PURGED',
          entityType: 'file',
          entityId: fileId,
          metadata: { fileName: row.fileName, deletedAt: row.deletedAt?.toISOString() },
        });
      });
      return true;
    } catch (error) {
      this.logger.error(`purging file ${fileId} of clinic ${clinicId} failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}
