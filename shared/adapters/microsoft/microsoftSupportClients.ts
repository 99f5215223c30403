import type { MicrosoftReference } from '../../domain/escalation/escalation';
import type { MicrosoftChannel, MicrosoftTicketState } from '../../domain/escalation/microsoftFiling';
import {
  MicrosoftFilingRefused,
  type MicrosoftFiling,
  type MicrosoftPartner,
  type MicrosoftSupport,
} from '../../ports/microsoftSupport';
import { AzureSupportTickets, type MicrosoftClientOptions } from './azureSupportTickets';
import { PartnerCenterServiceRequests } from './partnerCenterServiceRequests';

export interface MicrosoftSupportEndpoints {
  azureBaseUrl: string;
  partnerCenterBaseUrl: string;
}

/** The Azure Support API for Azure support tickets, Partner Center for service requests. */
export class MicrosoftSupportClients implements MicrosoftSupport {
  private readonly azure: AzureSupportTickets;
  private readonly partnerCenter: PartnerCenterServiceRequests;

  constructor(endpoints: MicrosoftSupportEndpoints, options: MicrosoftClientOptions) {
    this.azure = new AzureSupportTickets(endpoints.azureBaseUrl, options);
    this.partnerCenter = new PartnerCenterServiceRequests(endpoints.partnerCenterBaseUrl, options);
  }

  file(channel: MicrosoftChannel, filing: MicrosoftFiling): Promise<MicrosoftReference> {
    return channel === 'azureSupportTicket' ? this.azure.file(filing) : this.partnerCenter.file(filing);
  }

  read(reference: MicrosoftReference, partner: MicrosoftPartner): Promise<MicrosoftTicketState> {
    return reference.kind === 'azureSupportTicket'
      ? this.azure.read(reference, partner.partnerTenantId)
      : this.partnerCenter.read(reference, partner.partnerTenantId, partner.locale);
  }
}

/** A desk without the partner-facing app registration (MicrosoftSupport__appClientId): it files nothing itself. */
export const unconfiguredMicrosoftSupport: MicrosoftSupport = {
  file: () => Promise.reject(notConfigured()),
  read: () => Promise.reject(notConfigured()),
};

function notConfigured(): MicrosoftFilingRefused {
  return new MicrosoftFilingRefused(
    'MicrosoftSupportNotConfigured',
    'The desk has no app registration for Microsoft support (MicrosoftSupport__appClientId); see the README, "Escalation to Microsoft".',
  );
}
