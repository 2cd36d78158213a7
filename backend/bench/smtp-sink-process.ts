import { SmtpSink } from '../test/smtp-sink.js';

/**
 * The benchmark's SMTP server in a process of its own (as a real one would be): it reports its port,
 * on request the time each Message-ID was accepted, and how many it has received.
 */
const sink = await SmtpSink.start();
process.send!({ type: 'ready', port: sink.port });
process.on('message', (message: { type: string }) => {
  if (message.type === 'report') {
    process.send!({ type: 'report', accepted: sink.mails.map((m) => [m.messageId, m.receivedAt]) });
    sink.mails.length = 0;
  }
  // Distinct messages received since the last report: the bench waits on this instead of querying the database.
  if (message.type === 'count') process.send!({ type: 'count', count: new Set(sink.mails.map((m) => m.messageId)).size });
  if (message.type === 'stop') void sink.close().then(() => process.exit(0));
});
