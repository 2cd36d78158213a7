import type { JobSpec } from '../jobs/job-queue.js';

export const SEND_NOTIFICATION_TASK = 'send_notification';

/** The job key of a notification's send: adding it again replaces the waiting job, never doubles it. */
export const sendJobKey = (notificationId: string) => `notification:${notificationId}`;

export function sendJob(clinicId: string, notificationId: string, runAt: Date | null, maxAttempts: number): JobSpec {
  return {
    task: SEND_NOTIFICATION_TASK,
    payload: { clinicId, notificationId },
    runAt: runAt ?? undefined,
    key: sendJobKey(notificationId),
    maxAttempts,
  };
}
