import { ConfigurationError, readConfig } from '../../../shared/config';

const azure = {
  CaseStorage__tableServiceUri: 'https://stdesk.table.core.windows.net',
  ServiceBusConnection__fullyQualifiedNamespace: 'sb-desk.servicebus.windows.net',
};

describe('mail settings', () => {
  it('given no MAIL_SENDER, when read, then the desk mails nothing', () => {
    expect(readConfig(azure).mail).toEqual({ kind: 'none' });
  });

  it('given ACS as Bicep writes it, when read, then endpoint, sender and identity are taken', () => {
    const mail = readConfig({
      ...azure,
      MAIL_SENDER: 'acs',
      MAIL_ACS_ENDPOINT: 'https://acs-desk.europe.communication.azure.com',
      MAIL_SENDER_ADDRESS: 'DoNotReply@0000-abc.azurecomm.net',
      MAIL_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
    }).mail;

    expect(mail).toEqual({
      kind: 'acs',
      endpoint: 'https://acs-desk.europe.communication.azure.com',
      senderAddress: 'DoNotReply@0000-abc.azurecomm.net',
      clientId: '11111111-2222-3333-4444-555555555555',
    });
  });

  it('given ACS without its endpoint, when read, then the settings are refused with what is missing', () => {
    expect(() => readConfig({ ...azure, MAIL_SENDER: 'acs', MAIL_SENDER_ADDRESS: 'a@b.example' })).toThrow(
      /MAIL_SENDER=acs needs MAIL_ACS_ENDPOINT and MAIL_SENDER_ADDRESS/,
    );
  });

  it('given an ACS endpoint over http, when read, then it is refused: tokens travel over https only', () => {
    expect(() =>
      readConfig({
        ...azure,
        MAIL_SENDER: 'acs',
        MAIL_ACS_ENDPOINT: 'http://acs.example',
        MAIL_SENDER_ADDRESS: 'a@b.example',
      }),
    ).toThrow(ConfigurationError);
  });

  it('given Graph with the empty values Bicep writes for unused settings, when read, then they count as not set', () => {
    const mail = readConfig({ ...azure, MAIL_SENDER: 'graph', MAIL_SENDER_ADDRESS: '', MAIL_ACS_ENDPOINT: '' }).mail;

    expect(mail).toEqual({ kind: 'graph', senderAddress: undefined, clientId: undefined });
  });

  it('given the development mailbox in Azure, when read, then it is refused: it keeps mail in Azurite only', () => {
    expect(() => readConfig({ ...azure, MAIL_SENDER: 'development' })).toThrow(/MAIL_SENDER=development/);
  });

  it('given the development mailbox on Azurite, when read, then it sends as the default development sender', () => {
    const mail = readConfig({
      CaseStorage: 'UseDevelopmentStorage=true',
      MESSAGING_TRANSPORT: 'inProcess',
      MAIL_SENDER: 'development',
    }).mail;

    expect(mail).toMatchObject({ kind: 'development', senderAddress: 'support@desk.localhost' });
  });
});
