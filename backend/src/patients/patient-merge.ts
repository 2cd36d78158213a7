import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import type { Tx } from '../db/database.js';

/** One merge: every row of `fromId` (the duplicate) becomes `intoId`'s (the record kept). */
export interface PatientMerge {
  clinicId: string;
  fromId: string;
  intoId: string;
  actor: Actor;
  at: Date;
}

/**
 * A module that keeps rows pointing at patients says how to move them when two patients are merged.
 * It runs inside the merge's transaction, through the module's own repository; it may refuse the merge
 * by throwing a domain error before it writes anything (appointments do, when both patients have a
 * visit at the same time); files move their attachments. Billing (invoices) and notifications are still
 * to register theirs; patient-merge.spec.ts fails while a table referencing patients has no participant.
 */
export interface PatientMergeParticipant {
  /** For the audit entry: how many rows each participant moved. */
  readonly name: string;
  /** The tables whose patient references it moves. */
  readonly tables: readonly string[];
  movePatient(tx: Tx, merge: PatientMerge): Promise<number>;
}

/** Who takes part in a merge. Modules register in their onModuleInit; the patients module runs them. */
@Injectable()
export class PatientMergeRegistry {
  private readonly participants: PatientMergeParticipant[] = [];

  register(participant: PatientMergeParticipant): void {
    if (this.participants.some((p) => p.name === participant.name)) throw new Error(`${participant.name} is already a merge participant`);
    this.participants.push(participant);
  }

  all(): readonly PatientMergeParticipant[] {
    return this.participants;
  }

  /** Every table some participant moves. */
  tables(): string[] {
    return this.participants.flatMap((p) => p.tables);
  }
}
