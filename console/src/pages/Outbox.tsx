// The mail outbox: what Custodian would have sent when no SMTP server is configured.
import { useState } from 'react';
import { get } from '../api.ts';
import { Alert, formatDateTime, Loading, PageTitle, TableWrap, useLoad } from '../ui.tsx';

interface Mail {
  id: number;
  createdAt: string;
  to: string;
  subject: string;
  text: string | null;
  html: string | null;
  transport: 'outbox' | 'smtp';
  sentAt: string | null;
}

export function OutboxPage() {
  const outbox = useLoad(() => get<{ messages: Mail[] }>('/console/api/outbox'), 'outbox');
  const [open, setOpen] = useState<number>();
  const messages = outbox.data?.messages ?? [];
  const shown = messages.find((m) => m.id === open);
  return (
    <>
      <PageTitle>Outbox</PageTitle>
      <p className="hint">Without an SMTP server (SMTP_URL), e-mails wait here for an administrator to read.</p>
      <Alert>{outbox.error}</Alert>
      {outbox.loading && !outbox.data && <Loading what="the outbox" />}
      {outbox.data && (
        <TableWrap label="Outbox">
          <table>
            <caption>{messages.length} message(s), newest first</caption>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">To</th>
                <th scope="col">Queued</th>
                <th scope="col">Delivery</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.subject}</th>
                  <td>{m.to}</td>
                  <td>{formatDateTime(m.createdAt)}</td>
                  <td>{m.transport === 'smtp' ? `sent ${formatDateTime(m.sentAt)}` : 'held'}</td>
                  <td>
                    <button type="button" className="secondary" aria-expanded={open === m.id} onClick={() => setOpen(open === m.id ? undefined : m.id)}>
                      {open === m.id ? 'Hide' : 'Read'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {shown && (
        <section aria-labelledby="mail-title" className="diff-section">
          <h2 id="mail-title">{shown.subject}</h2>
          <p className="muted">To {shown.to}</p>
          <pre className="secret mail-body">{shown.text ?? '(no text part; sent over SMTP, the body is not kept)'}</pre>
        </section>
      )}
    </>
  );
}
