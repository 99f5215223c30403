import { apiKeyRoleSchema, type ApiKeyRole } from '../../shared/domain/apiKey';
import { endpoints } from '../../shared/api/endpoints';
import { problemSchema } from '../../shared/api/problems';
import { startTestHost, type TestHost, type TestResponse } from '../support/testHost';
import { tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * The document is the contract; these tests hold every operation of the served document to it by sending what the
 * document forbids (no key, a role it does not name, a path id, query parameter, header or body it does not allow) and
 * expecting the refusal it promises. Nothing here is per endpoint: a new endpoint is checked the moment it is documented.
 */

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  maxLength?: number;
  maximum?: number;
  required?: string[];
  anyOf?: JsonSchema[];
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: JsonSchema };
type Operation = {
  operationId: string;
  'x-roles': ApiKeyRole[];
  security: unknown[];
  parameters: Parameter[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, unknown>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
};
type Call = { method: string; path: string; operation: Operation };

/** A value the parameter's schema refuses: past its length or maximum, outside its enum, off its pattern or format. */
function forbiddenValue(schema: JsonSchema): string | undefined {
  if (schema.enum) return 'not-one-of-them';
  if (schema.maximum !== undefined) return String(schema.maximum + 1);
  if (schema.type === 'integer' || schema.type === 'number') return 'twelve';
  if (schema.format === 'uuid') return 'not-a-guid';
  if (schema.format === 'email') return 'not an address';
  if (schema.pattern !== undefined) {
    const pattern = new RegExp(schema.pattern, 'u');
    return ['x'.repeat(101), 'NOT-AN-ID', '!'].find((candidate) => !pattern.test(candidate));
  }
  if (schema.maxLength !== undefined) return 'x'.repeat(schema.maxLength + 1);
  return undefined;
}

/** A query value the parameter's schema takes: its first enum value, its example, or its minimum. */
function acceptedQueryValue(schema: JsonSchema & { minimum?: number }): string {
  if (schema.enum) return String(schema.enum[0]);
  if (schema.examples?.[0] !== undefined) return String(schema.examples[0]);
  if (schema.type === 'integer' || schema.type === 'number') return String(schema.minimum ?? 1);
  return 'abc';
}

/** A path value the parameter's schema takes, so that a test of something else is not refused for the path. */
function acceptedValue(schema: JsonSchema): string {
  if (schema.format === 'uuid') return '6f1f1c1e-3a4b-4c5d-8e9f-0a1b2c3d4e5f';
  if (schema.pattern?.includes('esc-')) return 'esc-1';
  if (schema.pattern?.includes('{9}')) return '0000000000123456789abcdef';
  return 'some-id';
}

function pathOf(call: Call, overrides: Record<string, string> = {}): string {
  const filled = call.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const parameter = call.operation.parameters.find((candidate) => candidate.in === 'path' && candidate.name === name);
    return encodeURIComponent(overrides[name] ?? acceptedValue(parameter?.schema ?? {}));
  });
  return `/api${filled}`;
}

/** An empty JSON object for methods that carry a body; fetch sends none with GET. */
const emptyBody = (call: Call): object | undefined => (call.method === 'GET' ? undefined : {});

/** The fields a 400 names, each once (one value can break several rules of its schema). */
const fieldsOf = (response: TestResponse): string[] => [
  ...new Set(((response.body?.errors ?? []) as { field: string }[]).map((error) => error.field)),
];

/** The answer is a 400 that names `field`, and nothing else. */
function expectRefusalNaming(call: Call, response: TestResponse, field: string): void {
  expect({ operation: call.operation.operationId, status: response.status, fields: fieldsOf(response) }).toEqual({
    operation: call.operation.operationId,
    status: 400,
    fields: [field],
  });
}

describe('every endpoint enforces what its OpenAPI operation shows', () => {
  let desk: TestHost;
  let document: Document;
  let keys: TenantKeys;
  let calls: Call[];

  beforeAll(async () => {
    desk = await startTestHost();
    document = (await desk.request('GET', '/api/openapi.json')).body as Document;
    keys = await tenantWithKeys(desk);
    calls = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );
  });
  afterAll(() => desk.stop());

  const keyOf = (role: ApiKeyRole): string => keys[role];
  /** A role the operation names, so that only the part under test can be refused. */
  const allowedKey = (operation: Operation): string | undefined =>
    operation['x-roles'][0] ? keyOf(operation['x-roles'][0]) : undefined;
  const resolve = (schema: JsonSchema): JsonSchema =>
    schema.$ref
      ? (document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] as JsonSchema)
      : schema;

  it('given the document, then it covers every endpoint of the catalogue the handlers are built from', () => {
    expect(calls.map((call) => call.operation.operationId).sort()).toEqual(
      endpoints.map((endpoint) => endpoint.name).sort(),
    );
  });

  it('given an operation that needs a key, when called without one, then it answers 401 as a problem', async () => {
    for (const call of calls.filter(({ operation }) => operation.security.length > 0)) {
      const response = await desk.request(call.method, pathOf(call), { body: emptyBody(call) });
      expect({ operation: call.operation.operationId, status: response.status }).toEqual({
        operation: call.operation.operationId,
        status: 401,
      });
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('given each role, when it calls an operation, then a role the document does not name gets 403 and a role it names is let through', async () => {
    const keyed = calls.filter(({ operation }) => operation.security.length > 0);
    expect(keyed.some(({ operation }) => operation['x-roles'].length < apiKeyRoleSchema.options.length)).toBe(true);
    for (const call of keyed) {
      for (const role of apiKeyRoleSchema.options) {
        const response = await desk.request(call.method, pathOf(call), { key: keyOf(role), body: emptyBody(call) });
        const named = call.operation['x-roles'].includes(role);
        const refused = response.status === 401 || response.status === 403;
        expect({ operation: call.operation.operationId, role, refused }).toEqual({
          operation: call.operation.operationId,
          role,
          refused: !named,
        });
        if (!named) expect(response.body).toMatchObject({ status: 403, permission: expect.any(String) });
      }
    }
  });

  it('given a path id its schema refuses, when sent by a role the document names, then it is a 400 naming that parameter', async () => {
    let checked = 0;
    for (const call of calls) {
      for (const parameter of call.operation.parameters.filter((candidate) => candidate.in === 'path')) {
        const value = forbiddenValue(parameter.schema);
        expect({
          operation: call.operation.operationId,
          parameter: parameter.name,
          refusable: value !== undefined,
        }).toEqual({
          operation: call.operation.operationId,
          parameter: parameter.name,
          refusable: true,
        });
        const response = await desk.request(call.method, pathOf(call, { [parameter.name]: value as string }), {
          key: allowedKey(call.operation),
          body: emptyBody(call),
        });
        expectRefusalNaming(call, response, parameter.name);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('given a query parameter the operation does not show, when sent, then every operation answers 400 and the 400 is documented', async () => {
    for (const call of calls) {
      const response = await desk.request(call.method, `${pathOf(call)}?colour=blue`, {
        key: allowedKey(call.operation),
        body: emptyBody(call),
      });
      expect({ operation: call.operation.operationId, status: response.status }).toEqual({
        operation: call.operation.operationId,
        status: 400,
      });
      expect(call.operation.responses['400']).toBeDefined();
    }
  });

  /** The operation's required query parameters with their documented example, so a test of one is refused for that one only. */
  const requiredQuery = (operation: Operation, except: string): string[] =>
    operation.parameters
      .filter((parameter) => parameter.in === 'query' && parameter.required && parameter.name !== except)
      .map((parameter) => {
        const example = parameter.schema.examples?.[0];
        expect({ parameter: parameter.name, documentedExample: example !== undefined }).toEqual({
          parameter: parameter.name,
          documentedExample: true,
        });
        return `${encodeURIComponent(parameter.name)}=${encodeURIComponent(String(example))}`;
      });

  it('given a documented query parameter, when sent with a value its schema refuses or twice, then it is a 400 naming it', async () => {
    let checked = 0;
    for (const call of calls.filter(({ operation }) =>
      operation.parameters.every((parameter) => parameter.in !== 'path'),
    )) {
      for (const parameter of call.operation.parameters.filter((candidate) => candidate.in === 'query')) {
        const value = forbiddenValue(parameter.schema);
        const name = encodeURIComponent(parameter.name);
        const others = requiredQuery(call.operation, parameter.name);
        const query = (...pairs: string[]): string => `${pathOf(call)}?${[...others, ...pairs].join('&')}`;
        // The same acceptable value twice: refused for being repeated, not for its value.
        const once = `${name}=${encodeURIComponent(acceptedQueryValue(parameter.schema))}`;
        const twice = await desk.request(call.method, query(once, once), { key: allowedKey(call.operation) });
        expectRefusalNaming(call, twice, parameter.name);
        if (value === undefined) continue;
        const response = await desk.request(call.method, query(`${name}=${encodeURIComponent(value)}`), {
          key: allowedKey(call.operation),
        });
        expectRefusalNaming(call, response, parameter.name);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });

  it('given an operation with a body, when sent an empty object, then the 400 names exactly the properties the document requires', async () => {
    const withBody = calls.filter(({ operation }) => operation.requestBody);
    expect(withBody.length).toBeGreaterThanOrEqual(10);
    for (const call of withBody) {
      const schema = resolve(call.operation.requestBody?.content['application/json'].schema ?? {});
      const response = await desk.request(call.method, pathOf(call), { key: allowedKey(call.operation), body: {} });
      const required = [...(schema.required ?? [])].sort();
      if (required.length === 0) {
        // Nothing required, unless the body is not an object or the document asks for at least one of several properties.
        const needsOne = (schema.anyOf ?? []).some((alternative) => (alternative.required ?? []).length > 0);
        const refused = schema.type !== 'object' || needsOne;
        expect({ operation: call.operation.operationId, refused: response.status === 400 }).toEqual({
          operation: call.operation.operationId,
          refused,
        });
        continue;
      }
      expect({
        operation: call.operation.operationId,
        status: response.status,
        fields: [...new Set(fieldsOf(response))].sort(),
      }).toEqual({
        operation: call.operation.operationId,
        status: 400,
        fields: required,
      });
    }
  });

  it('given a body property its documented schema refuses, or one the document does not allow, then the 400 names it', async () => {
    let checked = 0;
    for (const call of calls.filter(({ operation }) => operation.requestBody)) {
      const schema = resolve(call.operation.requestBody?.content['application/json'].schema ?? {});
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const value = property.type === 'string' ? forbiddenValue(resolve(property)) : undefined;
        if (value === undefined) continue;
        const response = await desk.request(call.method, pathOf(call), {
          key: allowedKey(call.operation),
          body: { [name]: value },
        });
        expect({
          operation: call.operation.operationId,
          status: response.status,
          names: fieldsOf(response).includes(name),
        }).toEqual({
          operation: call.operation.operationId,
          status: 400,
          names: true,
        });
        checked += 1;
      }
      if (schema.additionalProperties === false) {
        const response = await desk.request(call.method, pathOf(call), {
          key: allowedKey(call.operation),
          body: { unexpectedField: 1 },
        });
        expect({
          operation: call.operation.operationId,
          status: response.status,
          mentions: JSON.stringify(response.body).includes('unexpectedField'),
        }).toEqual({
          operation: call.operation.operationId,
          status: 400,
          mentions: true,
        });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it('given an Idempotency-Key longer than the document allows, then only operations that take the header refuse it', async () => {
    for (const call of calls.filter(({ method }) => method === 'POST')) {
      const takesKey = call.operation.parameters.some(
        (parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key',
      );
      const response = await desk.request(call.method, pathOf(call), {
        key: allowedKey(call.operation),
        body: emptyBody(call),
        headers: { 'idempotency-key': 'k'.repeat(201) },
      });
      const refusedForKey = response.status === 400 && JSON.stringify(response.body).includes('Idempotency-Key');
      expect({ operation: call.operation.operationId, refusedForKey }).toEqual({
        operation: call.operation.operationId,
        refusedForKey: takesKey,
      });
    }
  });

  it('given the GET operations without a path id, when called by an admin, then each answer parses with the schema the document shows for its status', async () => {
    let checked = 0;
    for (const endpoint of endpoints.filter((candidate) => candidate.method === 'GET' && !candidate.path)) {
      const response = await desk.request('GET', `/api/${endpoint.route}`, { key: keys.admin });
      const documented = document.paths[`/${endpoint.route}`]?.get?.responses[String(response.status)];
      expect({ operation: endpoint.name, status: response.status, documented: documented !== undefined }).toEqual({
        operation: endpoint.name,
        status: response.status,
        documented: true,
      });
      const schema = response.status >= 400 ? problemSchema : endpoint.responses[response.status]?.body?.schema;
      const parsed = schema?.safeParse(response.body);
      expect({ operation: endpoint.name, fits: parsed?.success ?? response.text === '' }).toEqual({
        operation: endpoint.name,
        fits: true,
      });
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
