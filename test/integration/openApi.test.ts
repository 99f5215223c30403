import { spawn } from 'node:child_process';
import { caseListSchema, caseViewSchema } from '../../shared/api/caseViews';
import { problemSchema } from '../../shared/api/problems';
import { startTestHost, type TestHost } from '../support/testHost';
import { seedCase, tenantWithKeys } from './caseWorkFixtures';

interface ValidationResult {
  valid: boolean;
  version: string;
  errors?: unknown;
}

/**
 * Validates a document against the OpenAPI schema with @seriousme/openapi-schema-validator. The package is ESM only and
 * jest runs this suite as CommonJS, so the validator runs in a child Node process that reads the document on stdin.
 */
function validateOpenApi(document: unknown): Promise<ValidationResult> {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(input));
    process.stdout.write(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd() });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(output) as ValidationResult) : reject(new Error(errors)),
    );
    child.stdin.end(JSON.stringify(document));
  });
}

type Operation = {
  operationId: string;
  'x-roles': string[];
  security: unknown[];
  responses: Record<string, unknown>;
  parameters: { name: string; in: string }[];
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

describe('the OpenAPI contract', () => {
  let desk: TestHost;
  let document: Document;

  beforeAll(async () => {
    desk = await startTestHost();
    const response = await desk.request('GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    document = response.body;
  });
  afterAll(() => desk.stop());

  const operations = (): { path: string; method: string; operation: Operation }[] =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );

  it('given the served document, when validated against the OpenAPI 3.1 schema, then it is valid', async () => {
    const result = await validateOpenApi(document);
    expect(result.errors).toBeUndefined();
    expect(result).toMatchObject({ valid: true, version: '3.1' });
  });

  it('given the functions the host registered, when compared with the document, then every HTTP route and method under /api is documented and nothing else', () => {
    const http = desk.host.functions.filter((fn) => fn.trigger.type === 'httpTrigger');
    const registered = http
      .filter((fn) => String(fn.trigger.route).startsWith('api/'))
      .flatMap((fn) =>
        (fn.trigger.methods ?? []).map(
          (method) => `${method.toUpperCase()} /${String(fn.trigger.route).slice('api/'.length)} ${fn.name}`,
        ),
      );
    // The document's server is /api; the one HTTP function outside it serves the agent console's files.
    expect(http.filter((fn) => !String(fn.trigger.route).startsWith('api/')).map((fn) => fn.trigger.route)).toEqual([
      'console/{*path}',
    ]);
    const documented = operations().map(
      ({ path, method, operation }) => `${method.toUpperCase()} ${path} ${operation.operationId}`,
    );

    expect(documented.sort()).toEqual(registered.sort());
  });

  it('given each operation, when read, then it names its roles and answers problems as problem+json', () => {
    for (const { operation } of operations()) {
      const keyed = operation.security.length > 0;
      expect({ id: operation.operationId, hasRoles: operation['x-roles'].length > 0 }).toEqual({
        id: operation.operationId,
        hasRoles: keyed,
      });
      if (keyed)
        expect(operation.responses['401']).toMatchObject({
          content: { 'application/problem+json': expect.anything() },
        });
    }
    const notes = document.paths['/cases/{id}/notes']?.post;
    expect(notes?.['x-roles']).toEqual(['agent', 'admin']);
    expect(Object.keys(notes?.responses ?? {})).toEqual([
      '200',
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '412',
      '413',
      '415',
      '429',
    ]);
    expect(notes?.parameters.map((parameter) => `${parameter.in}:${parameter.name}`)).toEqual([
      'path:id',
      'header:If-Match',
      'header:Idempotency-Key',
      'header:Acted-By',
    ]);
  });

  it('given real answers of the desk, when parsed with the schemas the document is generated from, then they fit', async () => {
    const tenant = await tenantWithKeys(desk);
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
    await desk.request('POST', `/api/cases/${supportCase.id}/notes`, {
      key: tenant.agent,
      body: { text: 'Checked the logs.' },
    });

    const agentView = await desk.request('GET', `/api/cases/${supportCase.id}`, { key: tenant.agent });
    const portalView = await desk.request('GET', `/api/cases/${supportCase.id}`, { key: tenant.portal });
    const list = await desk.request('GET', '/api/cases', { key: tenant.portal });
    const refused = await desk.request('POST', `/api/cases/${supportCase.id}/transitions`, {
      key: tenant.agent,
      body: { to: 'new' },
    });

    expect(caseViewSchema.parse(agentView.body).view).toBe('agent');
    expect(caseViewSchema.parse(portalView.body).view).toBe('portal');
    expect(caseListSchema.parse(list.body).items).toHaveLength(1);
    expect(problemSchema.parse(refused.body)).toMatchObject({ status: 409, allowed: ['pending_customer', 'resolved'] });
  });
});
