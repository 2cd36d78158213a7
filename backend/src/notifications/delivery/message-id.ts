/**
 * The Message-ID of a notification's email: the same on every attempt, so a copy resent after a crash
 * (SMTP gives at-least-once delivery) is recognisable as the same message by a receiver that honours
 * Message-ID.
 */
export function messageIdFor(notificationId: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<notification.${notificationId}@${domain}>`;
}
