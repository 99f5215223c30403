import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import type { TableClientFactory } from '../../shared/adapters/tables/tableClients';
import { tableNames, type TableKey } from '../../shared/resourceNames';
import { openPortalCase, type NewCaseRequest } from '../../shared/domain/newCase';
import { newCaseId } from '../../shared/services/ids';
import { startTestHost, type TestHost, type TestResponse } from '../support/testHost';

/*
 * Whatever a client sends, a mistake is its own 4xx problem+json: never a 500, and never a storage call with an id
 * that cannot exist. Busy moments are not mistakes either: concurrent creates in one tenant all get their number.
 */
const newCase: NewCaseRequest = {
  title: 'Production VM does not start',
  description: 'Since 08:00 our VM vm-erp-01 fails to boot after a platform update.',
  product: 'azure',
  customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam Ltd' },
  contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
};

function expectProblem(response: TestResponse, status: number): void {
  expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({
    status,
    type: expect.stringContaining('application/problem+json'),
  });
}

/**
 * The desk's tables behind a partition that runs one entity-group transaction at a time, each taking `serviceMs`
 * before it reaches Azurite: how a hot partition (or a slow emulator) behaves, where losing writes cost time too.
 */
function busyPartition(serviceMs: number): TableClientFactory {
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime: PipelinePolicy = {
    name: 'busyPartition',
    sendRequest: (request, next) => {
      if (!request.url.includes('$batch')) return next(request);
      const turn = queue.then(async () => {
        await new Promise((resolve) => setTimeout(resolve, serviceMs));
        return next(request);
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
  const factory = (table: TableKey, suffix = ''): TableClient =>
    TableClient.fromConnectionString(process.env.CaseStorage ?? '', `${tableNames[table]}${suffix}`, {
      allowInsecureConnection: true,
      additionalPolicies: [{ policy: oneAtATime, position: 'perCall' }],
    });
  return Object.assign(factory, { existingSuffixes: async () => [] });
}

const caseNumbers = (count: number): string[] =>
  Array.from({ length: count }, (_, index) => `CS-${String(index + 1).padStart(6, '0')}`);

describe('client mistakes are 4xx problems, never 500', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  async function tenantWithCases(
    count: number,
    role: 'agent' | 'portal' = 'agent',
  ): Promise<{ tenantId: string; key: string; ids: string[] }> {
    const { tenantId, key } = await desk.newTenantKey(role);
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1)
      ids.push((await desk.request('POST', '/api/cases', { key, body: newCase })).body.id);
    return { tenantId, key, ids };
  }

  const listPath = (query: Record<string, string>): string => `/api/cases?${new URLSearchParams(query).toString()}`;

  describe('continuation tokens', () => {
    it('given a garbage continuationToken, when cases are listed, then 400 names the field', async () => {
      const { key } = await desk.newTenantKey('agent');

      for (const token of ['garbage', 'eyJ4IjoxfQ', '%%%', 'p1.e30.AAAA', 'x'.repeat(3000)]) {
        const response = await desk.request('GET', listPath({ continuationToken: token }), { key });

        expectProblem(response, 400);
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'continuationToken' })]);
      }
    });

    it('given a genuine token, when the pages are followed to the end, then every case comes exactly once', async () => {
      const { key, ids } = await tenantWithCases(5);

      const seen: string[] = [];
      let token: string | null = null;
      do {
        const query: Record<string, string> = { pageSize: '2', ...(token ? { continuationToken: token } : {}) };
        const page = await desk.request('GET', listPath(query), { key });
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((item: { id: string }) => item.id));
        token = page.body.continuationToken;
      } while (token);

      expect(seen.sort()).toEqual([...ids].sort());
    });

    it('given a token one tenant was given, when another tenant lists with it, then 400 and nothing of the first tenant', async () => {
      const owner = await tenantWithCases(3);
      const stranger = await tenantWithCases(3);
      const token = (await desk.request('GET', listPath({ pageSize: '1' }), { key: owner.key })).body.continuationToken;
      expect(token).toEqual(expect.any(String));

      const response = await desk.request('GET', listPath({ pageSize: '1', continuationToken: token }), {
        key: stranger.key,
      });

      expectProblem(response, 400);
      expect(response.text).not.toContain(owner.tenantId);
    });

    it('given a token of a list filtered by status, when it is sent without the filter or with another one, then 400', async () => {
      const owner = await tenantWithCases(3);
      await desk.host.idle();
      const token = (await desk.request('GET', listPath({ pageSize: '1', status: 'enriched' }), { key: owner.key }))
        .body.continuationToken;
      expect(token).toEqual(expect.any(String));

      const unfiltered = await desk.request('GET', listPath({ pageSize: '1', continuationToken: token }), {
        key: owner.key,
      });
      const otherStatus = await desk.request(
        'GET',
        listPath({ pageSize: '1', status: 'closed', continuationToken: token }),
        { key: owner.key },
      );
      const same = await desk.request(
        'GET',
        listPath({ pageSize: '1', status: 'enriched', continuationToken: token }),
        { key: owner.key },
      );

      expectProblem(unfiltered, 400);
      expectProblem(otherStatus, 400);
      expect(same.status).toBe(200);
    });

    it('given a genuine token with one character changed, when it is sent, then 400', async () => {
      const owner = await tenantWithCases(3);
      const token: string = (await desk.request('GET', listPath({ pageSize: '1' }), { key: owner.key })).body
        .continuationToken;
      const at = Math.floor(token.length / 2);
      const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;

      const response = await desk.request('GET', listPath({ pageSize: '1', continuationToken: tampered }), {
        key: owner.key,
      });

      expectProblem(response, 400);
    });
  });

  describe('ids in the path', () => {
    const safeDecode = (id: string): string => {
      try {
        return decodeURIComponent(id);
      } catch {
        return id;
      }
    };
    const badIds = ['a%2Fb', 'a%5Cb', 'a%23b', 'a%3Fb', '%E0%A4%A', 'abc%', '%01', 'x'.repeat(300), 'unknown'];

    it('given ids that no case can have, when a case is read or written, then 400 and the cases table is never asked', async () => {
      const { key } = await desk.newTenantKey('agent');
      const casesTable = desk.desk.tables('cases');
      // Timers of the host may read other cases meanwhile; what must not happen is a read keyed by one of these ids.
      const reads = [jest.spyOn(casesTable, 'getEntity'), jest.spyOn(casesTable, 'listEntities')];
      const keyedByBadId = (): unknown[] =>
        reads
          .flatMap((spy): unknown[] => spy.mock.calls)
          .filter((call) => badIds.some((id) => JSON.stringify(call).includes(`case|${safeDecode(id)}`)));
      try {
        for (const id of badIds) {
          const read = await desk.request('GET', `/api/cases/${id}`, { key });
          const note = await desk.request('POST', `/api/cases/${id}/notes`, {
            key,
            body: { text: 'Checked the logs.' },
          });
          const patch = await desk.request('PATCH', `/api/cases/${id}`, {
            key,
            body: { severity: 'A', reason: 'Outage' },
          });
          for (const response of [read, note, patch]) expectProblem(response, 400);
        }
        expect(keyedByBadId()).toEqual([]);
      } finally {
        for (const spy of reads) spy.mockRestore();
      }
    });

    it('given malformed key, escalation and tenant ids, when they are used, then 400 problem+json', async () => {
      const { key: admin } = await desk.newTenantKey('admin');
      const { key: agent, ids } = await tenantWithCases(1);

      for (const id of ['a%2Fb', 'a%5Cb', 'x'.repeat(300)]) {
        expectProblem(await desk.request('DELETE', `/api/keys/${id}`, { key: admin }), 400);
        expectProblem(
          await desk.request('PATCH', `/api/cases/${ids[0]}/escalations/${id}`, {
            key: agent,
            body: { status: 'closed' },
          }),
          400,
        );
        expectProblem(await desk.request('GET', `/api/offering/${id}/public`), 400);
      }
    });
  });

  describe('request bounds', () => {
    type JsonSchema = Record<string, any>;

    /** Every string without a maximum and every array without one, anywhere in a request schema. */
    function unbounded(
      document: JsonSchema,
      schema: JsonSchema | undefined,
      path: string,
      seen = new Set<string>(),
    ): string[] {
      if (!schema || typeof schema !== 'object') return [];
      if (typeof schema.$ref === 'string') {
        if (seen.has(schema.$ref)) return [];
        const target = schema.$ref
          .replace('#/', '')
          .split('/')
          .reduce((node: any, part: string) => node?.[part], document);
        return unbounded(document, target, path, new Set([...seen, schema.$ref]));
      }
      const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
      const found: string[] = [];
      // Enumerations and uuids (a fixed-length pattern) bound themselves; a date-time's fraction of a second does not.
      const selfBounded = schema.enum !== undefined || schema.const !== undefined || schema.format === 'uuid';
      if (types.includes('string') && schema.maxLength === undefined && !selfBounded) found.push(path);
      if (types.includes('array') && schema.maxItems === undefined) found.push(path);
      for (const [name, child] of Object.entries<JsonSchema>(schema.properties ?? {}))
        found.push(...unbounded(document, child, `${path}.${name}`, seen));
      if (schema.items) found.push(...unbounded(document, schema.items, `${path}[]`, seen));
      if (typeof schema.additionalProperties === 'object')
        found.push(...unbounded(document, schema.additionalProperties, `${path}.*`, seen));
      for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])])
        found.push(...unbounded(document, branch, path, seen));
      return found;
    }

    it('given the OpenAPI document, when every request body and query parameter is walked, then every string and array has a maximum', async () => {
      const document = (await desk.request('GET', '/api/openapi.json')).body;

      const found: string[] = [];
      for (const [route, operations] of Object.entries<JsonSchema>(document.paths)) {
        for (const [method, operation] of Object.entries<JsonSchema>(operations)) {
          const where = `${method.toUpperCase()} ${route}`;
          found.push(
            ...unbounded(document, operation.requestBody?.content?.['application/json']?.schema, `${where} body`),
          );
          for (const parameter of operation.parameters ?? []) {
            if (parameter.in === 'query')
              found.push(...unbounded(document, parameter.schema, `${where} ?${parameter.name}`));
          }
        }
      }

      expect(found).toEqual([]);
    });

    it('given a 100,000-character customer tenant id, when an admin requests a key, then 400 names the field and no key is issued', async () => {
      const { key: admin } = await desk.newTenantKey('admin');

      const response = await desk.request('POST', '/api/keys', {
        key: admin,
        body: { role: 'portal', customerTenantIds: ['x'.repeat(100_000)] },
      });

      expectProblem(response, 400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'customerTenantIds.0' })]);
      const keys = (await desk.request('GET', '/api/keys', { key: admin })).body.items;
      expect(keys.filter((issued: { role: string }) => issued.role === 'portal')).toEqual([]);
    });

    it('given over-long strings in an escalation, a customer and an attachment, when sent, then 400 names each field', async () => {
      const { tenantId, key: agent, ids } = await tenantWithCases(1);
      const { key: admin } = await desk.newTenantKey('admin', tenantId);
      const long = 'x'.repeat(20_000);

      const escalation = await desk.request('POST', `/api/cases/${ids[0]}/escalations`, {
        key: agent,
        body: {
          reason: 'Needs Microsoft',
          contact: {
            firstName: long,
            lastName: 'Example',
            primaryEmailAddress: 'ann@fabrikam.example',
            preferredContactMethod: 'email',
          },
        },
      });
      const customer = await desk.request('PUT', `/api/customers/${randomUUID()}`, {
        key: admin,
        body: { name: 'Litware', supportPlanId: long },
      });
      const attachment = await desk.request('POST', '/api/cases', {
        key: agent,
        body: { ...newCase, attachments: [{ name: 'log.txt', url: `https://files.example/${long}` }] },
      });

      expectProblem(escalation, 400);
      expect(escalation.body.errors).toEqual([expect.objectContaining({ field: 'contact.firstName' })]);
      expectProblem(customer, 400);
      expect(customer.body.errors).toEqual([expect.objectContaining({ field: 'supportPlanId' })]);
      expectProblem(attachment, 400);
      expect(attachment.body.errors).toEqual([expect.objectContaining({ field: 'attachments.0.url' })]);
    });
  });

  describe('fields the request does not take', () => {
    const fieldsOf = (response: TestResponse): string[] =>
      (response.body.errors as { field: string }[]).map((error) => error.field).sort();

    it('given a query parameter a list does not take, when it is sent, then the 400 names that parameter', async () => {
      const { key } = await desk.newTenantKey('agent');
      const escalations = await desk.request('GET', '/api/escalations?overdu=true', { key });
      expectProblem(escalations, 400);
      expect(fieldsOf(escalations)).toEqual(['overdu']);
      const cases = await desk.request('GET', '/api/cases?sort=newest&pagesize=5', { key });
      expectProblem(cases, 400);
      expect(fieldsOf(cases)).toEqual(['pagesize', 'sort']);
    });

    it('given a body with a member its object does not take, when it is sent, then the 400 names the member with its path and nothing is opened', async () => {
      const { key } = await desk.newTenantKey('agent');
      const created = await desk.request('POST', '/api/cases', {
        key,
        body: { ...newCase, contact: { ...newCase.contact, phoneNumber: '+49 30 1234' }, priority: 'high' },
      });
      expectProblem(created, 400);
      expect(fieldsOf(created)).toEqual(['contact.phoneNumber', 'priority']);
      expect(created.body.errors[0].message).toContain('is not a field this request takes');
      expect((await desk.request('GET', '/api/cases', { key })).body.items).toEqual([]);
    });
    it('given an offering read back with a misspelt setting and a member a ladder step does not have, when saved, then the 400 names both with their paths and the stored offering stays as it was; read back as it is, it saves', async () => {
      const { key } = await desk.newTenantKey('admin');
      const read = await desk.request('GET', '/api/offering', { key });
      const offering = read.body as { settings: Record<string, unknown> & { escalationLadder: object[] } };
      const [firstStep, ...otherSteps] = offering.settings.escalationLadder;
      const mistaken = {
        ...offering,
        settings: {
          ...offering.settings,
          teamsWebhookURL: 'https://contoso.webhook.office.com/webhookb2/1',
          escalationLadder: [{ ...firstStep, note: 'first line' }, ...otherSteps],
        },
      };

      const refused = await desk.request('PUT', '/api/offering', { key, body: mistaken });

      expectProblem(refused, 400);
      expect(fieldsOf(refused)).toEqual(['settings.escalationLadder.0.note', 'settings.teamsWebhookURL']);
      expect((await desk.request('GET', '/api/offering', { key })).headers.get('etag')).toBe(read.headers.get('etag'));
      expect((await desk.request('PUT', '/api/offering', { key, body: offering })).status).toBe(200);
    });
  });

  describe('case numbers under concurrency', () => {
    it('given 64 creates in one tenant at once, when they are posted, then all 64 answer 201 with 64 distinct numbers', async () => {
      const { key } = await desk.newTenantKey('portal');

      const responses = await Promise.all(
        Array.from({ length: 64 }, () => desk.request('POST', '/api/cases', { key, body: newCase })),
      );

      expect(responses.filter((response) => response.status !== 201).map((response) => response.text)).toEqual([]);
      expect(responses.map((response) => response.body.caseNumber).sort()).toEqual(caseNumbers(64));
    }, 120_000);

    it('given a busy partition that takes one transaction at a time and a second instance opening cases meanwhile, when 64 creates are posted, then none fails and no number is taken twice', async () => {
      const { key, tenantId } = await desk.newTenantKey('portal');
      const serving = desk.desk.cases;
      // Storage under load (or Azurite writing its debug log) works off one write after the other: every write that
      // loses the counter to another one still costs its turn. Two instances share that partition.
      const busy = busyPartition(10);
      const thisInstance = new TableCaseStore(busy);
      const otherInstance = new TableCaseStore(busy);
      const now = desk.desk.clock.now();
      const openElsewhere = (): Promise<string> =>
        otherInstance
          .create(tenantId, (caseNumber) =>
            openPortalCase(newCase, {
              id: newCaseId(now),
              tenantId,
              caseNumber,
              now,
              actor: { kind: 'portal', id: 'elsewhere' },
            }),
          )
          .then((outcome) => outcome.stored.supportCase.caseNumber);
      desk.desk.cases = thisInstance;
      try {
        const [responses, elsewhere] = await Promise.all([
          Promise.all(Array.from({ length: 64 }, () => desk.request('POST', '/api/cases', { key, body: newCase }))),
          Promise.all(Array.from({ length: 16 }, openElsewhere)),
        ]);

        expect(responses.filter((response) => response.status !== 201).map((response) => response.text)).toEqual([]);
        // Each instance numbers from blocks of its own: numbers may skip some, but none is taken twice.
        const numbers = [...responses.map((response) => String(response.body.caseNumber)), ...elsewhere];
        expect(new Set(numbers).size).toBe(80);
        await desk.host.idle();
      } finally {
        desk.desk.cases = serving;
      }
    }, 180_000);
  });
});
