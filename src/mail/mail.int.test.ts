import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import type { AppError } from '../errors.ts';
import { backendName, type TestDb, testDb } from '../store/testing.ts';
import { MailErrors } from './errors.ts';
import { closeMailTransports, listOutbox, sendMail } from './send.ts';

interface Received {
  from: string;
  to: string[];
  data: string;
}

function startSmtp(options: { reject?: boolean } = {}): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (options.reject) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        data += chunk;
      });
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        callback();
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.server.address() as AddressInfo).port, received }));
  });
}

describe(`mail (${backendName})`, () => {
  let db: TestDb;
  before(async () => {
    db = await testDb();
  });
  after(async () => {
    closeMailTransports();
    await db.close();
  });

  test('without SMTP_URL, mail goes to the outbox, newest first', async () => {
    const config = { MAIL_FROM: 'Custodian <privacy@test.example>' };
    const a = await sendMail({ config, db }, { to: 'a@test.example', subject: 'First', text: 'one' });
    const b = await sendMail({ config, db }, { to: 'b@test.example', subject: 'Second', text: 'two', html: '<p>two</p>' });
    assert.equal(a.transport, 'outbox');
    const list = await listOutbox(db);
    assert.deepEqual(
      list.map((m) => [m.id, m.to, m.subject, m.text, m.html, m.transport]),
      [
        [b.id, 'b@test.example', 'Second', 'two', '<p>two</p>', 'outbox'],
        [a.id, 'a@test.example', 'First', 'one', null, 'outbox'],
      ],
    );
    assert.deepEqual((await listOutbox(db, { before: b.id })).map((m) => m.id), [a.id]);
  });

  test('with SMTP_URL, a real SMTP server receives the message; the store keeps no body', async () => {
    const smtp = await startSmtp();
    try {
      const config = { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Custodian <privacy@test.example>' };
      const sent = await sendMail({ config, db }, { to: 'staff@test.example', subject: 'Set your password', text: 'Open https://x/#/t?token=abc' });
      assert.equal(sent.transport, 'smtp');
      assert.equal(smtp.received.length, 1);
      assert.equal(smtp.received[0].from, 'privacy@test.example');
      assert.deepEqual(smtp.received[0].to, ['staff@test.example']);
      assert.match(smtp.received[0].data, /Subject: Set your password/);
      assert.match(smtp.received[0].data, /token=abc/);
      const [row] = await listOutbox(db, { limit: 1 });
      assert.equal(row.id, sent.id);
      assert.equal(row.transport, 'smtp');
      assert.equal(row.text, null);
      assert.ok(row.sentAt);
    } finally {
      closeMailTransports();
      await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    }
  });

  test('an SMTP refusal is CUSTODIAN_MAIL_SEND_FAILED and leaves no record', async () => {
    const smtp = await startSmtp({ reject: true });
    try {
      const config = { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Custodian <privacy@test.example>' };
      const count = (await listOutbox(db, { limit: 200 })).length;
      await assert.rejects(
        sendMail({ config, db }, { to: 'nobody@test.example', subject: 'x', text: 'y' }),
        (err: AppError) => err.code === MailErrors.SEND_FAILED && !err.message.includes('nobody'),
      );
      assert.equal((await listOutbox(db, { limit: 200 })).length, count);
    } finally {
      closeMailTransports();
      await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    }
  });

  test('bad recipients and subjects are refused before anything is sent', async () => {
    const config = { MAIL_FROM: 'x <x@test.example>' };
    for (const bad of [
      { to: 'a@test.example, b@test.example', subject: 's', text: 't' },
      { to: 'not-an-address', subject: 's', text: 't' },
      { to: 'a@test.example', subject: 'line\r\nBcc: evil@test.example', text: 't' },
      { to: 'a@test.example', subject: ' ', text: 't' },
    ]) {
      await assert.rejects(sendMail({ config, db }, bad), (err: AppError) => err.code === MailErrors.BAD_MESSAGE);
    }
  });
});
