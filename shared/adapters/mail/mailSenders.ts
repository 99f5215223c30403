import type { MailConfig } from '../../config';
import type { OutgoingMail } from '../../domain/mail/outgoingMail';
import type { MailSender } from '../../ports/mailSender';
import { lazyCredential } from '../lazyCredential';
import { AcsMailSender } from './acsMailSender';
import { DevelopmentMailbox } from './developmentMailbox';
import { GraphMailSender } from './graphMailSender';

/**
 * The mail sender the settings choose (see MailConfig); undefined for `none`. `onSent` hears of every mail the sender
 * accepted: the local host prints it.
 */
export function mailSenderFor(config: MailConfig, onSent?: (mail: OutgoingMail) => void): MailSender | undefined {
  const sender = chosenSender(config);
  if (!sender || !onSent) return sender;
  return {
    async send(mail) {
      await sender.send(mail);
      onSent(mail);
    },
  };
}

function chosenSender(config: MailConfig): MailSender | undefined {
  switch (config.kind) {
    case 'none':
      return undefined;
    case 'development':
      return new DevelopmentMailbox(config.connectionString);
    case 'graph':
      return new GraphMailSender(lazyCredential(config.clientId));
    case 'acs':
      return new AcsMailSender(config.endpoint, lazyCredential(config.clientId));
  }
}
