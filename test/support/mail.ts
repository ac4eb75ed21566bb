/** A minimal raw e-mail, optionally with one attachment. */
export function rawMail(m: { from?: string; subject: string; text: string; messageId: string; date?: string; attachment?: { filename: string; type: string; content: Buffer } }): string {
  const head = [`From: ${m.from ?? 'Kees de Boer <kees@example.nl>'}`, 'To: klachten@organisatie.nl', `Subject: ${m.subject}`, `Message-ID: ${m.messageId}`, `Date: ${m.date ?? 'Fri, 20 Nov 2026 09:15:00 +0100'}`, 'MIME-Version: 1.0'];
  if (!m.attachment) return [...head, 'Content-Type: text/plain; charset=utf-8', '', m.text, ''].join('\r\n');
  const b = 'grens-123';
  return [
    ...head,
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.text,
    `--${b}`,
    `Content-Type: ${m.attachment.type}; name="${m.attachment.filename}"`,
    `Content-Disposition: attachment; filename="${m.attachment.filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    m.attachment.content.toString('base64'),
    `--${b}--`,
    '',
  ].join('\r\n');
}
