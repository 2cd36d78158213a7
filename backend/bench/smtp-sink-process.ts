import { SmtpSink } from '../test/smtp-sink.js';

/**
 * The benchmark's SMTP server in a process of its own (as a real one would be): it reports its port,
 * and on request the time each Message-ID was accepted.
 */
const sink = await SmtpSink.start();
process.send!({ type: 'ready', port: sink.port });
process.on('message', (message: { type: string }) => {
  if (message.type === 'report') {
    process.send!({ type: 'report', accepted: sink.mails.map((m) => [m.messageId, m.receivedAt]) });
    sink.mails.length = 0;
  }
  if (message.type === 'stop') void sink.close().then(() => process.exit(0));
});
