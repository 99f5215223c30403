import type { MailAddress, OutgoingMail } from '../../domain/mail/outgoingMail';

const mailbox = (address: MailAddress): { name: string; address: string } => ({
  name: address.name ?? '',
  address: address.address,
});

/**
 * The mail as an RFC 5322 / MIME message (a UTF-8 text/plain body, headers encoded as RFC 2047 words where needed),
 * built by nodemailer's MailComposer so every header is folded and encoded as mail clients expect. Message-ID,
 * In-Reply-To, References and Date are the mail's own, never generated, so the same mail always gives the same message.
 * nodemailer is loaded on the first mail, not at every function's cold start.
 */
export async function mimeMessageOf(mail: OutgoingMail): Promise<Buffer> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const composer = new MailComposer({
    from: mailbox(mail.from),
    ...(mail.replyTo && { replyTo: mailbox(mail.replyTo) }),
    to: mail.to.map(mailbox),
    subject: mail.subject,
    text: mail.text,
    messageId: mail.messageId,
    ...(mail.inReplyTo && { inReplyTo: mail.inReplyTo }),
    ...(mail.references.length > 0 && { references: mail.references }),
    date: mail.date,
    headers: { ...mail.headers, 'Content-Language': mail.language },
    textEncoding: 'quoted-printable',
  });
  return composer.compile().build();
}
