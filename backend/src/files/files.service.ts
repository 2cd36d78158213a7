import { HttpException, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { INVOICE_FILES, isManager, PATIENT_FILES, type Role } from '@dental/shared';
import type { Readable } from 'node:stream';
import { Database, type Tx } from '../db/database.js';
import type { FileEntityType } from '../db/schema/index.js';
import { type Actor, actingUserId, actsAs } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../common/errors.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { PatientsService } from '../patients/patients.service.js';
import { PatientMergeRegistry } from '../patients/patient-merge.js';
import { AppointmentsService } from '../appointments/appointments.service.js';
import { InvoicesService } from '../billing/invoices.service.js';
import { LiveEvents } from '../live/live-events.js';
import { FilesRepository, type FileRow } from './files.repository.js';
import type { FileList, FileView, ListFilesQuery, UploadFields } from './files.schemas.js';
import { ACCEPTED_TYPES, detectFileType, hasThumbnail, SNIFF_BYTES } from './file-types.js';
import { contentTypeFor, defaultCategory } from './file-headers.js';
import { cleanFileName } from './file-names.js';
import { peek, UploadMeter, UploadRefused } from './upload-stream.js';
import { FileStorage, newStorageKey } from './storage/file-storage.js';

/** Who may upload, see and delete the files of each kind of record. */
const FILE_ROLES: Record<FileEntityType, readonly Role[]> = { patient: PATIENT_FILES, appointment: PATIENT_FILES, invoice: INVOICE_FILES };

/** The upload as the multipart interceptor hands it over: a stream, not yet read. */
export interface IncomingFile {
  originalname: string;
  stream: Readable;
}

export function toFileView(row: FileRow): FileView {
  return {
    id: row.id,
    fileName: row.fileName,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    category: row.category,
    note: row.note,
    entityType: row.entityType,
    entityId: row.entityId,
    patientId: row.patientId,
    uploadedById: row.uploadedById,
    createdAt: row.createdAt.toISOString(),
    hasThumbnail: hasThumbnail(row.mimeType),
  };
}

/** Files on patients, appointments and invoices: upload, list, metadata, delete. Bytes: FileContentService. */
@Injectable()
export class FilesService implements OnModuleInit {
  private readonly logger = new Logger(FilesService.name);
  private readonly maxBytes: number;

  constructor(
    private readonly database: Database,
    private readonly repository: FilesRepository,
    private readonly storage: FileStorage,
    private readonly patients: PatientsService,
    private readonly appointments: AppointmentsService,
    private readonly invoices: InvoicesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly live: LiveEvents,
    private readonly mergeParticipants: PatientMergeRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxBytes = config.files.maxBytes;
  }

  /** A merged duplicate's files (on the patient, its visits and its invoices) are listed under the patient kept. */
  onModuleInit(): void {
    this.mergeParticipants.register({
      name: 'files',
      tables: ['file_attachments'],
      movePatient: (tx, merge) => this.repository.movePatient(tx, merge.clinicId, merge.fromId, merge.intoId),
    });
  }

  /**
   * Streams the file to storage while its size and SHA-256 are computed; its type comes from its first
   * bytes. The row is written only once the bytes are stored, and the bytes are removed again if that
   * fails: a refused or failed upload leaves nothing in storage or the database.
   */
  async upload(actor: Actor, fields: UploadFields, file: IncomingFile | undefined): Promise<FileView> {
    const { patientId } = await this.resolveEntity(actor, fields.entityType, fields.entityId, 'upload');
    if (!file) throw new ValidationError([{ path: 'file', message: 'Required (after the text fields)' }], 'The form has no file.');
    const { head, complete, whole } = await peek(file.stream, SNIFF_BYTES).catch(this.uploadFailure);
    if (head.length === 0) throw new ValidationError([{ path: 'file', message: 'Must not be empty' }], 'The file is empty.');
    const type = await detectFileType(head.subarray(0, SNIFF_BYTES), complete && head.length <= SNIFF_BYTES);
    if (!type) throw unsupportedType();

    const key = newStorageKey(actor.clinicId);
    const meter = new UploadMeter(this.maxBytes, { text: type.kind === 'text' });
    whole.once('error', (error) => meter.destroy(error));
    // Piping starts the flow at once, and a refusal may come before the driver listens (after its first
    // await): the driver still sees the stored error then, so this only keeps it from being "unhandled".
    meter.on('error', () => undefined);
    try {
      await this.storage.upload(key, whole.pipe(meter), contentTypeFor(type.mimeType));
    } catch (error) {
      await this.removeObject(key);
      return this.uploadFailure(error);
    }
    try {
      return await this.database.transaction(actor, async (tx) => {
        const row = await this.repository.insert(tx, {
          clinicId: actor.clinicId,
          id: newId(),
          patientId,
          uploadedById: actingUserId(actor)!,
          entityType: fields.entityType,
          entityId: fields.entityId,
          storageKey: key,
          fileName: cleanFileName(file.originalname),
          mimeType: type.mimeType,
          sizeBytes: meter.bytes,
          sha256: meter.sha256(),
          category: fields.category ?? defaultCategory(type),
          note: fields.note || null,
          createdAt: this.clock.now(),
        });
        await this.audit.record(actor, {
          action: 'FILE_UPLOADED',
          entityType: 'file',
          entityId: row.id,
          metadata: {
            fileName: row.fileName,
            mimeType: row.mimeType,
            sizeBytes: row.sizeBytes,
            entityType: row.entityType,
            entityId: row.entityId,
          },
        });
        await this.fileChanged(tx, actor.clinicId, 'file.created', row);
        return toFileView(row);
      });
    } catch (error) {
      await this.removeObject(key);
      throw error;
    }
  }

  /** Newest first; only the kinds of files the actor's role may see. */
  list(actor: Actor, query: ListFilesQuery): Promise<FileList> {
    const visible = visibleEntityTypes(actor);
    if (query.entityType && !visible.includes(query.entityType)) throw forbiddenFor(query.entityType);
    const cursor = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
    const before = cursor && { createdAt: new Date(cursor[0]!), id: cursor[1]! };
    if (before && Number.isNaN(before.createdAt.getTime())) throw new ValidationError([{ path: 'cursor', message: 'Not a cursor' }]);
    return this.database.transaction(actor, async (tx) => {
      if (query.entityType && query.entityId) await this.resolveEntity(actor, query.entityType, query.entityId, 'read');
      if (query.patientId) await this.requirePatient(actor.clinicId, query.patientId);
      const filter = {
        clinicId: actor.clinicId,
        entityTypes: query.entityType ? [query.entityType] : visible,
        entityId: query.entityId,
        patientId: query.patientId,
        before,
      };
      const rows = await this.repository.list(tx, filter, query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(toFileView),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt.toISOString(), last.id) : null,
      };
    });
  }

  get(actor: Actor, fileId: string): Promise<FileView> {
    return this.database.transaction(actor, async (tx) => toFileView(await this.findVisible(tx, actor, fileId)));
  }

  /**
   * Gone from the API at once; the bytes stay until the purge after the retention period. Managers may
   * delete any file, others the files they uploaded.
   */
  delete(actor: Actor, fileId: string): Promise<void> {
    return this.database.transaction(actor, async (tx) => {
      const row = await this.findVisible(tx, actor, fileId);
      const mayDelete = actor.kind === 'system' || isManager(actor.role) || row.uploadedById === actor.userId;
      if (!mayDelete) throw new ForbiddenError('Only the person who uploaded a file, an Owner or an Admin may delete it.');
      if (!(await this.repository.markDeleted(tx, actor.clinicId, fileId, this.clock.now(), actingUserId(actor)))) {
        throw new NotFoundError('File');
      }
      await this.audit.record(actor, {
        action: 'FILE_DELETED',
        entityType: 'file',
        entityId: fileId,
        metadata: { fileName: row.fileName, entityType: row.entityType, entityId: row.entityId },
      });
      await this.fileChanged(tx, actor.clinicId, 'file.deleted', row);
    });
  }

  /** The screens listing the file's patient or record refetch; only the roles that may see the file hear of it. */
  private fileChanged(tx: Tx, clinicId: string, type: 'file.created' | 'file.deleted', row: FileRow): Promise<void> {
    const data = { id: row.id, patientId: row.patientId, entityType: row.entityType, entityId: row.entityId };
    return this.live.publish(tx, clinicId, type, data, { audience: FILE_ROLES[row.entityType] });
  }

  /** A file of the clinic that is not deleted and whose kind the actor may see (404, 403). */
  async findVisible(tx: Tx, actor: Actor, fileId: string): Promise<FileRow> {
    const row = await this.repository.find(tx, actor.clinicId, fileId);
    if (!row) throw new NotFoundError('File');
    if (!actsAs(actor, FILE_ROLES[row.entityType])) throw forbiddenFor(row.entityType);
    return row;
  }

  /**
   * The record a file goes on, in the actor's clinic, and its patient. An archived patient's record and
   * visits take no new files (409); an invoice does (a receipt may come after the patient left).
   */
  private async resolveEntity(actor: Actor, type: FileEntityType, id: string, purpose: 'upload' | 'read'): Promise<{ patientId: string }> {
    if (!actsAs(actor, FILE_ROLES[type])) throw forbiddenFor(type);
    if (type === 'patient') {
      const patient = await this.requirePatient(actor.clinicId, id);
      if (purpose === 'upload' && patient.archived) throw patientArchived();
      return { patientId: id };
    }
    const found =
      type === 'appointment'
        ? await this.appointments.findPatientOf(actor.clinicId, id)
        : await this.invoices.findPatientOf(actor.clinicId, id);
    if (!found) throw new NotFoundError(type === 'appointment' ? 'Appointment' : 'Invoice');
    if (type === 'appointment' && purpose === 'upload' && (await this.requirePatient(actor.clinicId, found.patientId)).archived) {
      throw patientArchived();
    }
    return found;
  }

  private async requirePatient(clinicId: string, patientId: string): Promise<{ archived: boolean }> {
    const patient = await this.patients.findActive(clinicId, patientId);
    if (!patient) throw new NotFoundError('Patient');
    return patient;
  }

  /** Why a stream stopped, as the client's problem where it is theirs. */
  private readonly uploadFailure = (error: unknown): never => {
    if (error instanceof UploadRefused) throw error.reason === 'too-large' ? this.tooLarge() : unsupportedType();
    // The multipart parser's own cap (a byte past FILE_MAX_BYTES) fails the stream with Nest's 413.
    if (error instanceof HttpException && error.getStatus() === 413) throw this.tooLarge();
    throw error;
  };

  private tooLarge(): PayloadTooLargeError {
    return new PayloadTooLargeError('file-too-large', `Files may be at most ${this.maxBytes} bytes.`, { maxBytes: this.maxBytes });
  }

  private async removeObject(key: string): Promise<void> {
    await this.storage.delete(key).catch((error: unknown) => {
      this.logger.error(`could not remove ${key} after a failed upload: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}

function visibleEntityTypes(actor: Actor): FileEntityType[] {
  return (Object.keys(FILE_ROLES) as FileEntityType[]).filter((type) => actsAs(actor, FILE_ROLES[type]));
}

function patientArchived(): ConflictError {
  return new ConflictError('patient-archived', 'Files cannot be added to an archived patient or their visits; their files stay readable.');
}

function forbiddenFor(type: FileEntityType): ForbiddenError {
  return new ForbiddenError(`Your role may not work with files on ${type === 'invoice' ? 'invoices' : 'patients and appointments'}.`);
}

function unsupportedType(): UnsupportedMediaTypeError {
  return new UnsupportedMediaTypeError(
    'unsupported-file-type',
    'Only JPEG, PNG, WebP and HEIC images, PDF, DICOM and plain UTF-8 text files are accepted (judged by their content).',
    { accepted: ACCEPTED_TYPES },
  );
}
