import { createHash, randomUUID } from 'node:crypto';
import type * as CoreRestPipeline from '@azure/core-rest-pipeline';
import type { HttpClient, Pipeline } from '@azure/core-rest-pipeline';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { MicrosoftReference } from '../../domain/escalation/escalation';
import {
  chooseSupportTopic,
  partnerCenterSeverity,
  statusOfServiceRequest,
  type CatalogueEntry,
  type MicrosoftTicketState,
} from '../../domain/escalation/microsoftFiling';
import { MicrosoftFilingRefused, type MicrosoftFiling } from '../../ports/microsoftSupport';
import { loadCorePipeline } from '../corePipeline';
import type { MicrosoftClientOptions } from './azureSupportTickets';

/**
 * Partner Center's answers, as documented in "Service request resources"
 * (https://learn.microsoft.com/partner-center/developer/service-request-resources): JSON in camelCase.
 */
const serviceRequestNoteSchema = z.lazy(() =>
  z.object({
    createdByName: z.string().nullish(),
    createdDate: z.string(),
    text: z.string().nullish(),
  }),
);
const serviceRequestSchema = z.lazy(() =>
  z.object({
    id: z.string().min(1),
    status: z.string().default('none'),
    notes: z.array(serviceRequestNoteSchema).nullish(),
  }),
);
const supportTopicsSchema = z.lazy(() =>
  z.object({
    items: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), name: z.string() })),
  }),
);
/** Partner Center's error body (https://learn.microsoft.com/partner-center/developer/error-codes). */
const errorBodySchema = z.lazy(() =>
  z.object({ code: z.union([z.string(), z.number()]).optional(), description: z.string() }),
);

const topicsTtlMs = 6 * 60 * 60_000;

/**
 * Partner Center service requests through its REST API: POST /v1/servicerequests/{agent-locale} to file
 * (https://learn.microsoft.com/partner-center/developer/create-a-service-request), GET /v1/servicerequests/{id} to read,
 * GET /v1/servicerequests/supporttopics for the topics (cached). The Azure core pipeline brings the bearer token of
 * the partner tenant and retries: 429 and 503 after their Retry-After, other 5xx and network errors with back-off.
 */
export class PartnerCenterServiceRequests {
  private readonly pipelines = new LRUCache<string, Pipeline>({ max: 100 });
  private httpClient: HttpClient | undefined;
  private readonly topics = new LRUCache<string, CatalogueEntry[]>({ max: 50, ttl: topicsTtlMs });

  constructor(
    private readonly baseUrl: string,
    private readonly options: MicrosoftClientOptions,
  ) {}

  private pipeline(core: typeof CoreRestPipeline, partnerTenantId: string): Pipeline {
    let pipeline = this.pipelines.get(partnerTenantId);
    if (!pipeline) {
      pipeline = core.createPipelineFromOptions({ agent: this.options.agent });
      pipeline.addPolicy(
        core.bearerTokenAuthenticationPolicy({
          credential: this.options.credentials.forTenant(partnerTenantId),
          scopes: 'https://api.partnercenter.microsoft.com/.default',
        }),
      );
      this.pipelines.set(partnerTenantId, pipeline);
    }
    return pipeline;
  }

  /** Sends one request with the headers Partner Center documents; a status of 400 or more is a `RestError`. */
  private async send(
    partnerTenantId: string,
    method: 'GET' | 'POST',
    path: string,
    locale: string,
    correlationId: string,
    body?: unknown,
  ): Promise<unknown> {
    const core = await loadCorePipeline();
    const request = core.createPipelineRequest({
      url: `${this.baseUrl}${path}`,
      method,
      headers: core.createHttpHeaders({
        Accept: 'application/json',
        'MS-RequestId': randomUUID(),
        'MS-CorrelationId': correlationId,
        'X-Locale': locale,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    this.httpClient ??= core.createDefaultHttpClient();
    const response = await this.pipeline(core, partnerTenantId).sendRequest(this.httpClient, request);
    const parsed: unknown = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
    if (response.status >= 400) {
      const error = errorBodySchema.safeParse(parsed);
      const detail = error.success ? `${error.data.description} (code ${error.data.code ?? '?'})` : response.bodyAsText;
      throw new core.RestError(`Partner Center ${method} ${path} answered ${response.status}: ${detail ?? ''}`, {
        statusCode: response.status,
        code: error.success && error.data.code !== undefined ? String(error.data.code) : undefined,
        request,
        response,
      });
    }
    return parsed;
  }

  private async supportTopics(
    partnerTenantId: string,
    locale: string,
    correlationId: string,
  ): Promise<CatalogueEntry[]> {
    const key = `${partnerTenantId}\n${locale}`;
    const hit = this.topics.get(key);
    if (hit) return hit;
    const listed = supportTopicsSchema.parse(
      await this.send(partnerTenantId, 'GET', '/v1/servicerequests/supporttopics', locale, correlationId),
    );
    const topics = listed.items.map((topic) => ({ id: topic.id, displayName: topic.name }));
    this.topics.set(key, topics);
    return topics;
  }

  /**
   * Files the service request. Partner Center takes no client-chosen id, so a create whose answer was lost (a crash
   * or a timeout after Microsoft stored it) may leave a second request behind when the message is delivered again.
   */
  async file(filing: MicrosoftFiling): Promise<MicrosoftReference> {
    const { request, contact, partnerTenantId } = filing;
    const locale = contact.language;
    const correlationId = randomUUID();
    let supportTopicId = request.supportTopicId;
    if (!supportTopicId) {
      const topics = await this.supportTopics(partnerTenantId, locale, correlationId);
      const topic = chooseSupportTopic(
        topics,
        request.product,
        request.category,
        `${request.title}\n${request.description}`,
      );
      if (!topic) {
        throw new MicrosoftFilingRefused(
          'NoSupportTopicMatched',
          `No Partner Center support topic fits a ${request.product} ${request.category} case; pick supportTopicId on the escalation.`,
        );
      }
      supportTopicId = topic.id;
    }
    const created = serviceRequestSchema.parse(
      await this.send(
        partnerTenantId,
        'POST',
        `/v1/servicerequests/${encodeURIComponent(locale)}`,
        locale,
        correlationId,
        {
          Title: request.title.slice(0, 200),
          Description:
            `${request.description}\n\nCustomer: ${request.customer.name}` +
            (request.customer.microsoftTenantId ? ` (tenant ${request.customer.microsoftTenantId})` : '') +
            `\nEscalated by the CSP partner: ${request.reason}`,
          Severity: partnerCenterSeverity(request.caseSeverity),
          SupportTopicId: supportTopicId,
          PrimaryContact: {
            FirstName: contact.firstName,
            LastName: contact.lastName,
            Email: contact.email,
            PhoneNumber: contact.phone,
          },
          Attributes: { ObjectType: 'ServiceRequest' },
        },
      ),
    );
    return { kind: 'partnerCenterServiceRequest', serviceRequestId: created.id };
  }

  /**
   * The service request's status and notes. Notes carry no id, so each is known by a digest of its date and text;
   * Partner Center does not say whether a note is Microsoft's or the partner's, so every note counts as Microsoft's.
   */
  async read(
    reference: Extract<MicrosoftReference, { kind: 'partnerCenterServiceRequest' }>,
    partnerTenantId: string,
    locale: string,
  ): Promise<MicrosoftTicketState> {
    const serviceRequest = serviceRequestSchema.parse(
      await this.send(
        partnerTenantId,
        'GET',
        `/v1/servicerequests/${encodeURIComponent(reference.serviceRequestId)}`,
        locale,
        randomUUID(),
      ),
    );
    return {
      status: statusOfServiceRequest(serviceRequest.status),
      communications: (serviceRequest.notes ?? []).map((note) => ({
        id: `note-${createHash('sha256')
          .update(`${note.createdDate}\n${note.text ?? ''}`)
          .digest('hex')
          .slice(0, 32)}`,
        at: new Date(note.createdDate).toISOString(),
        from: note.createdByName ?? undefined,
        text: note.text ?? '',
        fromMicrosoft: true,
      })),
    };
  }
}
