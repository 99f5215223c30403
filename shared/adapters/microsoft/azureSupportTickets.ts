import type { Agent } from 'node:https';
import type * as ArmSupport from '@azure/arm-support';
import type { MicrosoftSupport as AzureSupportClient, SupportTicketDetails } from '@azure/arm-support';
import { auxiliaryAuthenticationHeaderPolicy, isRestError } from '@azure/core-rest-pipeline';
import { LRUCache } from 'lru-cache';
import type { MicrosoftReference } from '../../domain/escalation/escalation';
import {
  azureTicketSeverity,
  bestMatch,
  statusOfAzureTicket,
  type CatalogueEntry,
  type MicrosoftTicketState,
} from '../../domain/escalation/microsoftFiling';
import { MicrosoftFilingRefused, type MicrosoftFiling } from '../../ports/microsoftSupport';
import type { TenantCredentials } from './tenantCredentials';

/** How the Azure and Partner Center clients reach their services; tests add an agent that trusts their local server. */
export interface MicrosoftClientOptions {
  credentials: TenantCredentials;
  /** An https agent for every request (a test's local server certificate); Node's default otherwise. */
  agent?: Agent;
  /** Between polls of a long-running create; the service's Retry-After wins. The SDK's 2 s by default. */
  pollIntervalMs?: number;
}

/** Services and problem classifications change rarely; Microsoft asks clients to read them rather than hard-code them. */
const catalogueTtlMs = 6 * 60 * 60_000;

let armSupport: Promise<typeof ArmSupport> | undefined;

/**
 * @azure/arm-support is loaded with the first Azure ticket: it brings its own CommonJS copy of the Azure core
 * libraries (core-client, core-lro, core-rest-pipeline), which every function's cold start would otherwise load.
 */
function loadArmSupport(): Promise<typeof ArmSupport> {
  armSupport ??= import('@azure/arm-support');
  return armSupport;
}

/**
 * Azure support tickets on a CSP customer's subscription, through @azure/arm-support
 * (https://learn.microsoft.com/rest/api/support/support-tickets/create). The primary token is the customer tenant's,
 * the `x-ms-authorization-auxiliary` header carries the partner tenant's, as the API documents for CSP partners
 * creating tickets on behalf of their customers. Service and problem classification are looked up with the Services
 * and ProblemClassifications APIs (cached) unless the agent picked them.
 */
export class AzureSupportTickets {
  private readonly clients = new LRUCache<string, AzureSupportClient>({ max: 200 });
  private readonly catalogue = new LRUCache<string, CatalogueEntry[]>({ max: 500, ttl: catalogueTtlMs });

  constructor(
    private readonly baseUrl: string,
    private readonly options: MicrosoftClientOptions,
  ) {}

  private async client(
    customerTenantId: string,
    subscriptionId: string,
    partnerTenantId: string,
  ): Promise<AzureSupportClient> {
    const key = `${customerTenantId}\n${subscriptionId}\n${partnerTenantId}`;
    let client = this.clients.get(key);
    if (!client) {
      const { MicrosoftSupport } = await loadArmSupport();
      const scopes = `${this.baseUrl}/.default`;
      client = new MicrosoftSupport(this.options.credentials.forTenant(customerTenantId), subscriptionId, {
        $host: this.baseUrl,
        endpoint: this.baseUrl,
        credentialScopes: [scopes],
        agent: this.options.agent,
        additionalPolicies: [
          {
            policy: auxiliaryAuthenticationHeaderPolicy({
              credentials: [this.options.credentials.forTenant(partnerTenantId)],
              scopes,
            }),
            position: 'perCall',
          },
        ],
      });
      this.clients.set(key, client);
    }
    return client;
  }

  private async cached(key: string, load: () => Promise<CatalogueEntry[]>): Promise<CatalogueEntry[]> {
    const hit = this.catalogue.get(key);
    if (hit) return hit;
    const entries = await load();
    this.catalogue.set(key, entries);
    return entries;
  }

  private services(client: AzureSupportClient): Promise<CatalogueEntry[]> {
    return this.cached('services', async () => {
      const entries: CatalogueEntry[] = [];
      for await (const service of client.services.list()) {
        if (service.id && service.name)
          entries.push({ id: service.id, displayName: service.displayName ?? service.name });
      }
      return entries;
    });
  }

  private async classifications(client: AzureSupportClient, serviceId: string): Promise<CatalogueEntry[]> {
    const serviceName = serviceId.split('/').pop() ?? serviceId;
    return this.cached(`classifications/${serviceName}`, async () => {
      const entries: CatalogueEntry[] = [];
      for await (const classification of client.problemClassifications.list(serviceName)) {
        if (classification.id) {
          entries.push({ id: classification.id, displayName: classification.displayName ?? classification.name ?? '' });
        }
      }
      return entries;
    });
  }

  /**
   * The agent's picks, else the service whose name the case's title and description name best (e.g. "Virtual Machine
   * running Windows" for a VM that does not boot) and that service's classification named best, else its first one.
   */
  private async classify(
    client: AzureSupportClient,
    filing: MicrosoftFiling,
  ): Promise<{ serviceId: string; problemClassificationId: string }> {
    const { request } = filing;
    if (request.serviceId && request.problemClassificationId) {
      return { serviceId: request.serviceId, problemClassificationId: request.problemClassificationId };
    }
    const text = `${request.title}\n${request.description}`;
    const serviceId = request.serviceId ?? bestMatch(await this.services(client), text)?.id;
    if (!serviceId) {
      throw new MicrosoftFilingRefused(
        'NoAzureServiceMatched',
        'No Azure service matches the case; pick serviceId and problemClassificationId on the escalation.',
      );
    }
    const classifications = await this.classifications(client, serviceId);
    const classification = bestMatch(classifications, text) ?? classifications[0];
    if (!classification) {
      throw new MicrosoftFilingRefused(
        'NoProblemClassification',
        `Azure lists no problem classification for ${serviceId}; pick problemClassificationId on the escalation.`,
      );
    }
    return { serviceId, problemClassificationId: classification.id };
  }

  /**
   * Files the ticket under its stable name. An existing ticket of that name is the one an earlier delivery created
   * before it could record it, so it is taken instead of creating another.
   */
  async file(filing: MicrosoftFiling): Promise<MicrosoftReference> {
    const { request, subscriptionId, ticketName } = filing;
    const customerTenantId = request.customer.microsoftTenantId;
    if (!customerTenantId) {
      throw new MicrosoftFilingRefused(
        'NoCustomerTenant',
        "The case's customer has no Microsoft Entra tenant id, so no ticket can be filed on its subscription.",
      );
    }
    if (!subscriptionId || !ticketName) {
      throw new MicrosoftFilingRefused(
        'NoSubscription',
        'An Azure support ticket needs the customer subscription: set subscriptionId on the case and escalate again.',
      );
    }
    const client = await this.client(customerTenantId, subscriptionId, filing.partnerTenantId);
    const reference = (ticket: SupportTicketDetails): MicrosoftReference => ({
      kind: 'azureSupportTicket',
      customerTenantId,
      subscriptionId,
      ticketName,
      supportTicketId: ticket.supportTicketId,
    });
    const existing = await client.supportTickets.get(ticketName).catch((error: unknown) => {
      if (isRestError(error) && error.statusCode === 404) return undefined;
      throw error;
    });
    if (existing) return reference(existing);

    const { serviceId, problemClassificationId } = await this.classify(client, filing);
    const { contact } = filing;
    const details: SupportTicketDetails = {
      title: request.title.slice(0, 200),
      description: `${request.description}\n\nEscalated by the CSP partner for ${request.customer.name}: ${request.reason}`,
      serviceId,
      problemClassificationId,
      severity: azureTicketSeverity(request.caseSeverity),
      require24X7Response: request.require24X7Response,
      problemStartTime: request.problemStartTime ? new Date(request.problemStartTime) : undefined,
      contactDetails: {
        firstName: contact.firstName,
        lastName: contact.lastName,
        primaryEmailAddress: contact.email,
        phoneNumber: contact.phone,
        preferredContactMethod: contact.preferredContactMethod,
        preferredTimeZone: contact.timeZone,
        country: contact.country,
        preferredSupportLanguage: contact.language,
      },
    };
    const poller = await client.supportTickets.beginCreate(ticketName, details, {
      updateIntervalInMs: this.options.pollIntervalMs,
    });
    return reference(await poller.pollUntilDone());
  }

  /** The ticket's status and its communications (Microsoft's are `outbound`: from Microsoft to the customer). */
  async read(
    reference: Extract<MicrosoftReference, { kind: 'azureSupportTicket' }>,
    partnerTenantId: string,
  ): Promise<MicrosoftTicketState> {
    const client = await this.client(reference.customerTenantId, reference.subscriptionId, partnerTenantId);
    const ticket = await client.supportTickets.get(reference.ticketName);
    const communications: MicrosoftTicketState['communications'][number][] = [];
    for await (const communication of client.communications.list(reference.ticketName)) {
      if (!communication.name) continue;
      communications.push({
        id: communication.name,
        at: (communication.createdDate ?? new Date(0)).toISOString(),
        from: communication.sender,
        text: communication.body ?? communication.subject ?? '',
        fromMicrosoft: communication.communicationDirection?.toLowerCase() === 'outbound',
      });
    }
    return { status: statusOfAzureTicket(ticket.status), communications };
  }
}
