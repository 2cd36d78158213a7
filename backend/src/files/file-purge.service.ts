import { Inject, Injectable, Logger } from '@nestjs/common';
import { Database } from '../db/database.js';
import { systemActor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AuditService } from '../audit/audit.service.js';
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
 * Removes the bytes of files deleted more than FILE_RETENTION_DAYS ago, for every clinic. Meant to run
 * daily as a worker job (wired at merge with the worker); `npm run files:purge` runs it now.
 */
@Injectable()
export class FilePurgeService {
  private readonly logger = new Logger(FilePurgeService.name);
  private readonly retentionMs: number;

  constructor(
    private readonly database: Database,
    private readonly repository: FilesRepository,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.retentionMs = config.files.retentionDays * DAY_MS;
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
