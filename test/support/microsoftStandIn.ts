import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { TenantCredentials } from '../../shared/adapters/microsoft/tenantCredentials';

/** A request the local Microsoft stand-in received. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** When it arrived (ms since the epoch). */
  at: number;
  headers: Record<string, string | string[] | undefined>;
  /** The JSON body, parsed; undefined without one. */
  body: any;
}

/** What the stand-in answers: a status, headers, and a JSON body. */
export interface StandInAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * The Azure Support API and Partner Center as a local https server, for running the real clients against the documented
 * request and response shapes: each request is recorded and answered by the first scripted answer for its method and
 * path (query left out), else by the route's standing answer, else 404 in the Azure error shape.
 */
export class MicrosoftStandIn {
  readonly received: ReceivedRequest[] = [];
  private readonly scripted = new Map<string, StandInAnswer[]>();
  private readonly standing = new Map<string, (request: ReceivedRequest) => StandInAnswer>();
  /** https://127.0.0.1:<port>, no trailing slash. */
  url = '';

  private readonly server: Server;

  private constructor(certificate: { key: Buffer; cert: Buffer }) {
    this.server = createServer(certificate, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const received: ReceivedRequest = {
          method: request.method ?? '',
          path: request.url ?? '',
          at: Date.now(),
          headers: request.headers,
          body: text ? JSON.parse(text) : undefined,
        };
        this.received.push(received);
        const answer = this.answer(received);
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
  }

  /** Listens on a free loopback port with the given certificate (see `testCertificate`). */
  static async start(certificate: { key: Buffer; cert: Buffer }): Promise<MicrosoftStandIn> {
    const standIn = new MicrosoftStandIn(certificate);
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    standIn.url = `https://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
    return standIn;
  }

  private answer(request: ReceivedRequest): StandInAnswer {
    const key = `${request.method} ${request.path.split('?')[0]}`;
    const queued = this.scripted.get(key);
    if (queued && queued.length > 0) return queued.shift()!;
    const standing = this.standing.get(key);
    if (standing) return standing(request);
    return { status: 404, body: { error: { code: 'NotFound', message: `No route ${key}` } } };
  }

  /** Answers the next requests for `method path` in this order. */
  script(method: string, path: string, ...answers: StandInAnswer[]): void {
    this.scripted.set(`${method} ${path}`, [...(this.scripted.get(`${method} ${path}`) ?? []), ...answers]);
  }

  /** Answers every request for `method path` (after the scripted ones). */
  route(method: string, path: string, answer: (request: ReceivedRequest) => StandInAnswer): void {
    this.standing.set(`${method} ${path}`, answer);
  }

  /** The requests received after the first `count`. */
  since(count: number): ReceivedRequest[] {
    return this.received.slice(count);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A self-signed certificate for 127.0.0.1, made for this run with openssl; trust it with an https Agent's `ca`. */
export function testCertificate(): { key: Buffer; cert: Buffer } {
  const directory = mkdtempSync(join(tmpdir(), 'microsoft-standin-'));
  const keyFile = join(directory, 'key.pem');
  const certFile = join(directory, 'cert.pem');
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
    ], { stdio: 'ignore' }); // prettier-ignore
    return { key: readFileSync(keyFile), cert: readFileSync(certFile) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Stands in for the keyless federated credential (no Microsoft Entra here): a token that names its tenant, so a test
 * sees which tenant's token each request carried.
 */
export const tenantNamingCredentials: TenantCredentials = {
  forTenant: (tenantId: string): TokenCredential => ({
    getToken: async (): Promise<AccessToken> => ({
      token: `token-for-${tenantId}`,
      expiresOnTimestamp: Date.now() + 3_600_000,
    }),
  }),
};

/** The Windows VM service and its "cannot start" problem classification, as answerAzureSupportCatalogue lists them. */
export const vmWindowsService = '/providers/Microsoft.Support/services/vm-windows';
export const vmCannotStartClassification = `${vmWindowsService}/problemClassifications/cannot-start`;

/**
 * Answers the Azure Support API's catalogue (https://learn.microsoft.com/rest/api/support/services/list and
 * problem-classifications/list): two services, storage and the Windows VM, and two problem classifications of the
 * latter, so the desk has to pick the one that fits the case.
 */
export function answerAzureSupportCatalogue(standIn: MicrosoftStandIn): void {
  standIn.route('GET', '/providers/Microsoft.Support/services', () => ({
    status: 200,
    body: {
      value: [
        {
          id: '/providers/Microsoft.Support/services/storage',
          name: 'storage',
          type: 'Microsoft.Support/services',
          properties: { displayName: 'Storage Account Management', resourceTypes: [] },
        },
        {
          id: vmWindowsService,
          name: 'vm-windows',
          type: 'Microsoft.Support/services',
          properties: { displayName: 'Virtual Machine running Windows', resourceTypes: [] },
        },
      ],
    },
  }));
  standIn.route('GET', `${vmWindowsService}/problemClassifications`, () => ({
    status: 200,
    body: {
      value: [
        {
          id: `${vmWindowsService}/problemClassifications/backup`,
          name: 'backup',
          type: 'Microsoft.Support/services/problemClassifications',
          properties: { displayName: 'Backup and restore' },
        },
        {
          id: vmCannotStartClassification,
          name: 'cannot-start',
          type: 'Microsoft.Support/services/problemClassifications',
          properties: { displayName: 'Cannot start or stop my virtual machine' },
        },
      ],
    },
  }));
}

/** The partner's contact for escalations, as the Microsoft tests put it in the tenant profile (microsoftSupport.contact). */
export const partnerEscalationContact = {
  firstName: 'Petra',
  lastName: 'Partner',
  email: 'petra@contoso-partner.example',
  preferredContactMethod: 'email',
  timeZone: 'W. Europe Standard Time',
  country: 'DEU',
  language: 'en-US',
} as const;

/** That contact as the desk sends it in an Azure support ticket's contactDetails. */
export const partnerTicketContactDetails = {
  firstName: 'Petra',
  lastName: 'Partner',
  primaryEmailAddress: 'petra@contoso-partner.example',
  preferredContactMethod: 'email',
  preferredTimeZone: 'W. Europe Standard Time',
  country: 'DEU',
  preferredSupportLanguage: 'en-US',
} as const;
