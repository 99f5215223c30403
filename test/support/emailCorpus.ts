import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { unwrapEmailPayload } from '../../shared/domain/email/emailPayload';
import { normaliseMessageId } from '../../shared/domain/email/messageId';
import type { TestHost, TestResponse } from './testHost';

/**
 * The email corpus: one JSON file per scenario in test/fixtures/email/corpus, each a series of mails (Outlook V3 or
 * Graph payloads as a connector puts them on the `email-intake` queue) and agent transitions, with the outcome each
 * mail must have under the rules of issue 10. This module runs scenarios through a started local host over HTTP and
 * the in-process Service Bus, and decides every outcome by observation only: dead letters, the ignored-mail log, the
 * cases and their timelines, the notifications queue and the thread-refusal log. Return values of the intake are
 * never consulted.
 */

export const corpusDir = join(__dirname, '..', 'fixtures', 'email', 'corpus');

/** The instant the desk's clock shows while the corpus runs; every fixture mail was received earlier that day. */
export const corpusNow = '2026-11-30T10:00:00Z';

const defaultSupportAddresses = ['support@desk.example'];
const defaultAgentAddresses = ['kim.agent@desk.example'];
const defaultCustomers: CorpusCustomer[] = [
  { customerTenantId: '6a1f0c3e-2b4d-4e8a-9c7f-1d3e5f7a9b0c', name: 'Fabrikam', domains: ['fabrikam.example'] },
  {
    customerTenantId: '8d2e4f6a-0b1c-4d3e-8f5a-7b9c1d3e5f70',
    name: 'Northwind Traders',
    domains: ['northwind.example'],
  },
];

// ----------------------------------------------------------------------------------------------------------------
// The scenario format

const label = z.string().trim().min(1).max(40);
const isoInstant = z.iso.datetime({ offset: true });

const expectSchema = z.discriminatedUnion('outcome', [
  /** A new case, known by `case` in later steps. */
  z.strictObject({ outcome: z.literal('opened'), case: label }),
  /** A customer message added to that case. */
  z.strictObject({ outcome: z.literal('threaded'), case: label }),
  /** An agent's reply added to that case. */
  z.strictObject({ outcome: z.literal('agentReply'), case: label }),
  /** Listed at GET /api/intake/ignored with this rule. */
  z.strictObject({ outcome: z.literal('ignored'), rule: z.string().min(1) }),
  /** On the email-intake queue's dead-letter list, at its first delivery, with this reason. */
  z.strictObject({ outcome: z.literal('deadLettered'), reason: z.enum(['InvalidEmail', 'UnknownMailbox']) }),
  /** The same Message-ID again: nothing changes; the mail is already on that case. */
  z.strictObject({ outcome: z.literal('duplicate'), case: label }),
]);
export type CorpusExpect = z.infer<typeof expectSchema>;

const thenSchema = z.strictObject({
  case: label,
  status: z.string().optional(),
  /** Whether the notifications queue accepted `notification-acknowledgement-<caseId>`. */
  acknowledged: z.boolean().optional(),
  title: z.string().optional(),
  /** Entries of type customerMessage on the case's timeline (the mail that opened the case is not one). */
  messages: z.number().int().min(0).optional(),
  /** When the case's SLA clocks started: the first-response clock's startedAt. */
  slaOpenedAt: isoInstant.optional(),
  /** The thread-refusal log has this step's mail refusing a match to that case (and, if it says so, opening `case`). */
  refusedThread: label.optional(),
});
export type CorpusThen = z.infer<typeof thenSchema>;

const applicationPropertiesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

const mailStepSchema = z.strictObject({
  /** The Service Bus message body: an object (Outlook V3 or Graph message) or a string (JSON, base64 or junk). */
  mail: z.unknown().refine((value) => value !== undefined && value !== null, 'a mail step needs a mail'),
  applicationProperties: applicationPropertiesSchema.optional(),
  note: z.string().optional(),
  expect: expectSchema,
  then: z.union([thenSchema, z.array(thenSchema).min(1)]).optional(),
});
export type CorpusMailStep = z.infer<typeof mailStepSchema>;

const transitionStepSchema = z.strictObject({
  transition: z.strictObject({ case: label, to: z.string().min(1), reason: z.string().optional() }),
  note: z.string().optional(),
});
export type CorpusTransitionStep = z.infer<typeof transitionStepSchema>;

const customerSchema = z.strictObject({
  customerTenantId: z.guid(),
  name: z.string().min(1),
  domains: z.array(z.string()).default([]),
  addresses: z.array(z.string()).optional(),
  supportPlanId: z.string().optional(),
});
type CorpusCustomer = z.input<typeof customerSchema>;

export const corpusScenarioSchema = z
  .strictObject({
    description: z.string().min(1),
    tenant: z
      .strictObject({
        supportAddresses: z.array(z.string()).min(1).optional(),
        agentAddresses: z.array(z.string()).optional(),
        customers: z.array(customerSchema).optional(),
      })
      .optional(),
    steps: z.array(z.union([mailStepSchema, transitionStepSchema])).min(1),
  })
  .superRefine((scenario, context) => {
    // Every label must be opened by an earlier step, and opened once.
    const opened = new Set<string>();
    const known = (name: string, path: (string | number)[]): void => {
      if (!opened.has(name))
        context.addIssue({ code: 'custom', path, message: `case '${name}' is not opened by an earlier step` });
    };
    scenario.steps.forEach((step, index) => {
      if ('transition' in step) return known(step.transition.case, ['steps', index, 'transition', 'case']);
      const { expect } = step;
      if (expect.outcome === 'opened') {
        if (opened.has(expect.case))
          context.addIssue({
            code: 'custom',
            path: ['steps', index, 'expect', 'case'],
            message: `case '${expect.case}' is opened twice`,
          });
        opened.add(expect.case);
      } else if ('case' in expect) known(expect.case, ['steps', index, 'expect', 'case']);
      for (const check of thenList(step)) {
        known(check.case, ['steps', index, 'then', 'case']);
        if (check.refusedThread) known(check.refusedThread, ['steps', index, 'then', 'refusedThread']);
      }
    });
  });
export type CorpusScenario = z.infer<typeof corpusScenarioSchema>;

function thenList(step: CorpusMailStep): CorpusThen[] {
  if (step.then === undefined) return [];
  return Array.isArray(step.then) ? step.then : [step.then];
}

// ----------------------------------------------------------------------------------------------------------------
// Loading

export interface CorpusFile {
  name: string;
  path: string;
}

/** The scenario files, by name (file name without .json), in name order. */
export function corpusFiles(dir = corpusDir): CorpusFile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ name: basename(file, '.json'), path: join(dir, file) }));
}

// `desk.example` as a domain of its own or a parent domain, also after a URL-encoded '@' ("support%40desk.example" in
// Graph's @odata.context), but not inside another name such as "helpdesk.example".
const DESK_DOMAIN = /(?:(?<![A-Za-z0-9-])|(?<=%40))desk\.example/g;

/**
 * Reads and validates a scenario. With `uniqueLabel`, every `desk.example` becomes `<uniqueLabel>.desk.example`, so
 * each run gets mailboxes and agent addresses of its own (case numbers then start at CS-000001 per scenario).
 * Strings holding base64 are not rewritten.
 */
export function loadScenario(file: CorpusFile, uniqueLabel?: string): CorpusScenario {
  const raw = readFileSync(file.path, 'utf8');
  const text = uniqueLabel ? raw.replace(DESK_DOMAIN, `${uniqueLabel}.desk.example`) : raw;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file.name}: not JSON (${(error as Error).message})`);
  }
  const parsed = corpusScenarioSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`${file.name}: not a valid corpus scenario: ${issues}`);
  }
  return parsed.data;
}

/** How many mail steps the corpus holds, and in how many scenarios. */
export function corpusSize(dir = corpusDir): { scenarios: number; mails: number } {
  const files = corpusFiles(dir);
  const mails = files.reduce((sum, file) => sum + loadScenario(file).steps.filter((step) => 'mail' in step).length, 0);
  return { scenarios: files.length, mails };
}

// ----------------------------------------------------------------------------------------------------------------
// Results

export interface CorpusStepResult {
  scenario: string;
  /** 1-based index of the step in the scenario; 0 for the scenario's setup. */
  step: number;
  kind: 'mail' | 'transition' | 'setup';
  expected: string;
  actual: string;
  ok: boolean;
  /** Why a step failed (or what else was seen); empty when all is as expected. */
  detail: string;
}

export interface CorpusRun {
  results: CorpusStepResult[];
  scenarios: number;
  /** Mail steps, the corpus's units of measure. */
  mailSteps: number;
  correctMailSteps: number;
  /** Share of mail steps whose outcome and checks were as expected. */
  accuracy: number;
}

/** What a step came to: its outcome, and for a failed step what was expected and what went wrong. */
export function describeOutcome(result: CorpusStepResult): string {
  if (result.ok) return result.actual;
  if (result.actual === result.expected)
    return `${result.actual} as expected, but ${result.detail || 'a check failed'}`;
  return `expected ${result.expected}, got ${result.actual}${result.detail ? ` — ${result.detail}` : ''}`;
}

/** One line per result, for test failures and bench output. */
export function formatStepResult(result: CorpusStepResult): string {
  return `${result.scenario} step ${result.step} (${result.kind}): ${describeOutcome(result)}`;
}

function describeExpect(expect: CorpusExpect): string {
  switch (expect.outcome) {
    case 'ignored':
      return `ignored (${expect.rule})`;
    case 'deadLettered':
      return `deadLettered (${expect.reason})`;
    default:
      return `${expect.outcome} ${expect.case}`;
  }
}

// ----------------------------------------------------------------------------------------------------------------
// Observation

interface TimelineEntry {
  type?: string;
  data?: Record<string, unknown>;
}

interface CaseView {
  id: string;
  caseNumber?: string;
  title?: string;
  status?: string;
  emailMessageIds?: string[];
  timeline?: TimelineEntry[];
  sla?: { clocks?: Array<{ metric?: string; startedAt?: string }> };
}

interface IgnoredItem {
  messageId?: string;
  rule?: string;
}

interface Snapshot {
  cases: Map<string, CaseView>;
  ignored: IgnoredItem[] | undefined;
  ignoredError?: string;
}

/** Message-IDs compare without their angle brackets and surrounding space, as written anywhere. */
function idKey(id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  const normalised = normaliseMessageId(id);
  return normalised?.slice(1, -1);
}

/** The Internet Message-ID of a mail payload, however wrapped; undefined for payloads that have none. */
function mailMessageId(mail: unknown): string | undefined {
  const unwrapped = unwrapEmailPayload(mail);
  return unwrapped.ok ? idKey(unwrapped.payload['internetMessageId']) : undefined;
}

const entryMessageId = (entry: TimelineEntry): string | undefined => idKey(entry.data?.['messageId']);

/** The ids of the mails a case holds: its emailMessageIds and every timeline entry that names a mail. */
function mailIdsOn(view: CaseView): Set<string> {
  const ids = new Set<string>();
  for (const id of view.emailMessageIds ?? []) {
    const key = idKey(id);
    if (key) ids.add(key);
  }
  for (const entry of view.timeline ?? []) {
    const key = entryMessageId(entry);
    if (key) ids.add(key);
  }
  return ids;
}

const countEntries = (view: CaseView | undefined, type: string, messageId?: string): number =>
  (view?.timeline ?? []).filter(
    (entry) => entry.type === type && (messageId === undefined || entryMessageId(entry) === messageId),
  ).length;

function problem(response: TestResponse): string {
  const body = response.body as { detail?: unknown; title?: unknown } | undefined;
  const said =
    typeof body?.detail === 'string'
      ? body.detail
      : typeof body?.title === 'string'
        ? body.title
        : response.text.slice(0, 200);
  return `${response.status}${said ? ` (${said})` : ''}`;
}

class ScenarioRun {
  private readonly labels = new Map<string, string>();
  /** Makes this run's mailboxes unique: support@desk.example becomes support@<uniqueLabel>.desk.example. */
  private readonly uniqueLabel = `c${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  private agentKey = '';
  private scenario!: CorpusScenario;
  private refusals: { items?: unknown[]; error?: string } | undefined;

  constructor(
    private readonly desk: TestHost,
    private readonly file: CorpusFile,
    private readonly options: RunOptions,
  ) {}

  async run(): Promise<CorpusStepResult[]> {
    const setup: CorpusStepResult = {
      scenario: this.file.name,
      step: 0,
      kind: 'setup',
      expected: 'tenant set up',
      actual: 'tenant set up',
      ok: true,
      detail: '',
    };
    try {
      this.scenario = loadScenario(this.file, this.uniqueLabel);
      this.options.clock?.set(corpusNow);
      await this.setUpTenant();
    } catch (error) {
      // Without a tenant no step can be judged: each counts as failed, so the share stays honest.
      const reason = `setup failed: ${(error as Error).message}`;
      const steps = this.scenario?.steps ?? [];
      if (steps.length === 0) return [{ ...setup, actual: 'no tenant', ok: false, detail: reason }];
      return steps.map((step, index) => ({
        scenario: this.file.name,
        step: index + 1,
        kind: 'mail' in step ? 'mail' : 'transition',
        expected:
          'mail' in step ? describeExpect(step.expect) : `transition ${step.transition.case} to ${step.transition.to}`,
        actual: 'not run',
        ok: false,
        detail: reason,
      }));
    }
    const results: CorpusStepResult[] = [];
    for (const [index, step] of this.scenario.steps.entries()) {
      const result = 'mail' in step ? await this.mailStep(step, index + 1) : await this.transitionStep(step, index + 1);
      results.push(result);
    }
    return results;
  }

  // -- setup -----------------------------------------------------------------------------------------------------

  private async setUpTenant(): Promise<void> {
    const tenant = this.scenario.tenant ?? {};
    const { tenantId, key } = await this.desk.newTenantKey('admin');
    this.agentKey = (await this.desk.newTenantKey('agent', tenantId)).key;
    // The scenario's own addresses were rewritten when it was loaded; the defaults get the same domain here.
    const unique = (address: string): string => address.replace(DESK_DOMAIN, `${this.uniqueLabel}.desk.example`);
    const supportAddresses = tenant.supportAddresses ?? defaultSupportAddresses.map(unique);
    const agentAddresses = tenant.agentAddresses ?? defaultAgentAddresses.map(unique);
    const profile = { name: `Corpus ${this.file.name}`.slice(0, 200), supportAddresses, agentAddresses };
    const response = await this.desk.request('PUT', '/api/tenant-profile', { key, body: profile });
    if (response.status !== 200) throw new Error(`PUT /api/tenant-profile answered ${problem(response)}`);
    // A tenant admin only claims its mailboxes; the operator's confirmation lets them route mail.
    for (const address of supportAddresses) await this.desk.desk.tenants.confirmMailbox(tenantId, address);

    for (const customer of tenant.customers ?? defaultCustomers) {
      const body = {
        name: customer.name,
        domains: customer.domains ?? [],
        ...(customer.addresses && { addresses: customer.addresses }),
        supportPlanId: customer.supportPlanId ?? 'standard',
        billingMode: 'included',
      };
      const put = await this.desk.request('PUT', `/api/customers/${customer.customerTenantId}`, { key, body });
      if (put.status !== 200 && put.status !== 201)
        throw new Error(`PUT /api/customers/${customer.customerTenantId} answered ${problem(put)}`);
    }
  }

  // -- steps -----------------------------------------------------------------------------------------------------

  private async transitionStep(step: CorpusTransitionStep, index: number): Promise<CorpusStepResult> {
    const { case: name, to, reason } = step.transition;
    const result: CorpusStepResult = {
      scenario: this.file.name,
      step: index,
      kind: 'transition',
      expected: `${name} to ${to}`,
      actual: '',
      ok: false,
      detail: '',
    };
    const caseId = this.labels.get(name);
    if (!caseId)
      return { ...result, actual: 'not run', detail: `case ${name} was never opened, so it cannot be moved` };
    try {
      const response = await this.desk.request('POST', `/api/cases/${caseId}/transitions`, {
        key: this.agentKey,
        body: { to, ...(reason && { reason }) },
      });
      await this.idle();
      const body = response.body as { status?: string } | undefined;
      if (response.status === 200) return { ...result, actual: `${name} ${body?.status ?? to}`, ok: true };
      return {
        ...result,
        actual: `HTTP ${response.status}`,
        detail: `POST /api/cases/${caseId}/transitions answered ${problem(response)}`,
      };
    } catch (error) {
      return { ...result, actual: 'error', detail: (error as Error).message };
    }
  }

  private async mailStep(step: CorpusMailStep, index: number): Promise<CorpusStepResult> {
    const result: CorpusStepResult = {
      scenario: this.file.name,
      step: index,
      kind: 'mail',
      expected: describeExpect(step.expect),
      actual: '',
      ok: false,
      detail: '',
    };
    const details: string[] = [];
    try {
      const messageId = mailMessageId(step.mail);
      const serviceBusId = `${this.file.name}#${index}-${randomUUID().slice(0, 8)}`;
      const before = await this.snapshot();
      const queue = this.desk.host.broker.queue('email-intake');
      const accepted = queue.send({
        body: step.mail,
        messageId: serviceBusId,
        ...(step.applicationProperties && { applicationProperties: step.applicationProperties }),
      });
      if (!accepted) details.push('the queue dropped the message as a duplicate Service Bus message id');
      const busy = await this.idle();
      if (busy) details.push(busy);
      const after = await this.snapshot();
      this.refusals = undefined;

      const actual = this.outcomeOf(step.expect, { messageId, serviceBusId, before, after, details });
      result.actual = actual.text;
      let ok = actual.matches;
      for (const check of thenList(step)) {
        const failures = await this.check(check, after, messageId);
        if (failures.length) {
          ok = false;
          details.push(...failures.map((failure) => `then ${check.case}: ${failure}`));
        }
      }
      result.ok = ok;
    } catch (error) {
      details.push(`the runner could not observe the step: ${(error as Error).message}`);
      result.actual ||= 'error';
      result.ok = false;
    }
    result.detail = details.join('; ');
    return result;
  }

  /** Waits for the host to finish; a message for the result when it did not. */
  private async idle(): Promise<string | undefined> {
    try {
      await this.desk.host.idle(this.options.idleTimeoutMs ?? 30_000);
      return undefined;
    } catch (error) {
      return `host not idle: ${(error as Error).message}`;
    }
  }

  private async snapshot(): Promise<Snapshot> {
    const cases = new Map<string, CaseView>();
    let continuationToken: string | null | undefined;
    do {
      const query = continuationToken ? `&continuationToken=${encodeURIComponent(continuationToken)}` : '';
      const list = await this.desk.request('GET', `/api/cases?pageSize=100${query}`, { key: this.agentKey });
      if (list.status !== 200) throw new Error(`GET /api/cases answered ${problem(list)}`);
      const page = list.body as { items?: Array<{ id: string }>; continuationToken?: string | null };
      for (const item of page.items ?? []) {
        const view = await this.desk.request('GET', `/api/cases/${item.id}`, { key: this.agentKey });
        if (view.status !== 200) throw new Error(`GET /api/cases/${item.id} answered ${problem(view)}`);
        cases.set(item.id, view.body as CaseView);
      }
      continuationToken = page.continuationToken;
    } while (continuationToken);

    const ignored = await this.desk.request('GET', '/api/intake/ignored?limit=500', { key: this.agentKey });
    if (ignored.status !== 200)
      return { cases, ignored: undefined, ignoredError: `GET /api/intake/ignored answered ${problem(ignored)}` };
    const items = (ignored.body as { items?: IgnoredItem[] } | undefined)?.items;
    return { cases, ignored: Array.isArray(items) ? items : [] };
  }

  private nameOf(caseId: string, snapshot: Snapshot): string {
    for (const [name, id] of this.labels) if (id === caseId) return name;
    return snapshot.cases.get(caseId)?.caseNumber ?? caseId;
  }

  /**
   * What happened to the mail, seen from outside: each effect the desk shows is collected, the first of them (in the
   * order dead letter, ignored, opened, agent reply, customer message, duplicate) is the outcome, and any other effect
   * makes the step fail (e.g. a mail that opened a case and was also added to another).
   */
  private outcomeOf(
    expect: CorpusExpect,
    seen: { messageId: string | undefined; serviceBusId: string; before: Snapshot; after: Snapshot; details: string[] },
  ): { text: string; matches: boolean } {
    const { messageId, serviceBusId, before, after, details } = seen;
    const effects: Array<{ text: string; matches: boolean }> = [];

    const letters = this.desk.host.broker
      .queue('email-intake')
      .deadLetters()
      .filter((letter) => letter.messageId === serviceBusId);
    for (const letter of letters) {
      const firstDelivery = letter.deliveryCount <= 1;
      effects.push({
        text: `deadLettered (${letter.deadLetterReason})`,
        matches: expect.outcome === 'deadLettered' && letter.deadLetterReason === expect.reason && firstDelivery,
      });
      if (!firstDelivery) details.push(`dead-lettered only after ${letter.deliveryCount} deliveries`);
      details.push(`dead-letter description: ${letter.deadLetterErrorDescription.slice(0, 240)}`);
    }

    if (after.ignoredError) details.push(after.ignoredError);
    if (messageId && after.ignored) {
      const count = (list: IgnoredItem[] | undefined): IgnoredItem[] =>
        (list ?? []).filter((item) => idKey(item.messageId) === messageId);
      const fresh = count(after.ignored).slice(
        0,
        Math.max(0, count(after.ignored).length - count(before.ignored).length),
      );
      for (const item of fresh) {
        effects.push({
          text: `ignored (${item.rule ?? '?'})`,
          matches: expect.outcome === 'ignored' && item.rule === expect.rule,
        });
      }
    }

    const newCases = [...after.cases.keys()].filter((id) => !before.cases.has(id));
    for (const caseId of newCases) {
      const view = after.cases.get(caseId)!;
      if (messageId && !mailIdsOn(view).has(messageId))
        details.push(`new case ${view.caseNumber ?? caseId} does not list this mail's Message-ID`);
      if (expect.outcome === 'opened' && !this.labels.has(expect.case) && newCases.length === 1)
        this.labels.set(expect.case, caseId);
      const matches = expect.outcome === 'opened' && this.labels.get(expect.case) === caseId;
      effects.push({ text: `opened ${this.nameOf(caseId, after)}`, matches });
    }

    for (const [caseId, view] of after.cases) {
      if (!before.cases.has(caseId)) continue;
      const previous = before.cases.get(caseId);
      const name = this.nameOf(caseId, after);
      if (countEntries(view, 'agentReply', messageId) > countEntries(previous, 'agentReply', messageId) && messageId) {
        effects.push({
          text: `agentReply ${name}`,
          matches: expect.outcome === 'agentReply' && this.labels.get(expect.case) === caseId,
        });
      }
      const addedMessage = messageId
        ? countEntries(view, 'customerMessage', messageId) > countEntries(previous, 'customerMessage', messageId)
        : countEntries(view, 'customerMessage') > countEntries(previous, 'customerMessage');
      if (addedMessage) {
        effects.push({
          text: `threaded ${name}`,
          matches: expect.outcome === 'threaded' && this.labels.get(expect.case) === caseId,
        });
      } else if (
        messageId &&
        mailIdsOn(view).has(messageId) &&
        !mailIdsOn(previous ?? { id: caseId }).has(messageId) &&
        countEntries(view, 'agentReply', messageId) === 0
      ) {
        effects.push({ text: `added to ${name} without a customerMessage entry`, matches: false });
      }
    }

    if (effects.length === 0 && messageId) {
      const holders = [...before.cases.entries()]
        .filter(([, view]) => mailIdsOn(view).has(messageId))
        .map(([caseId]) => caseId);
      for (const caseId of holders) {
        effects.push({
          text: `duplicate ${this.nameOf(caseId, after)}`,
          matches: expect.outcome === 'duplicate' && this.labels.get(expect.case) === caseId,
        });
      }
    }

    if (effects.length === 0) return { text: 'no effect seen', matches: false };
    if (effects.length > 1) details.push(`several effects: ${effects.map((effect) => effect.text).join(', ')}`);
    return {
      text: effects.map((effect) => effect.text).join(' + '),
      matches: effects.length === 1 && effects[0]!.matches,
    };
  }

  // -- then checks -----------------------------------------------------------------------------------------------

  private async check(check: CorpusThen, after: Snapshot, messageId: string | undefined): Promise<string[]> {
    const caseId = this.labels.get(check.case);
    if (!caseId) return [`case ${check.case} was not opened, nothing to check`];
    const view = after.cases.get(caseId);
    if (!view) return [`case ${check.case} (${caseId}) is not in GET /api/cases`];
    const failures: string[] = [];

    if (check.status !== undefined && view.status !== check.status)
      failures.push(`status is ${view.status}, expected ${check.status}`);
    if (check.title !== undefined && view.title !== check.title)
      failures.push(`title is ${JSON.stringify(view.title)}, expected ${JSON.stringify(check.title)}`);
    if (check.messages !== undefined) {
      const messages = countEntries(view, 'customerMessage');
      if (messages !== check.messages)
        failures.push(`${messages} customer messages on the timeline, expected ${check.messages}`);
    }
    if (check.acknowledged !== undefined) {
      const sent = this.desk.host.broker
        .queue('notifications')
        .acceptedMessageIds()
        .includes(`notification-acknowledgement-${caseId}`);
      if (sent !== check.acknowledged)
        failures.push(sent ? 'an acknowledgement was sent' : 'no acknowledgement was sent');
    }
    if (check.slaOpenedAt !== undefined) {
      const startedAt = view.sla?.clocks?.find((clock) => clock.metric === 'firstResponse')?.startedAt;
      if (startedAt === undefined) failures.push('the case has no started first-response clock');
      else if (Date.parse(startedAt) !== Date.parse(check.slaOpenedAt))
        failures.push(`SLA clocks started at ${startedAt}, expected ${new Date(check.slaOpenedAt).toISOString()}`);
    }
    if (check.refusedThread !== undefined)
      failures.push(...(await this.checkRefusal(check.refusedThread, caseId, messageId)));
    return failures;
  }

  /** The brief's flat shape { refusedCaseId, matchedBy } and the list shape { refused: [{ caseId, matchedBy }] } both count. */
  private async checkRefusal(
    refusedLabel: string,
    openedCaseId: string,
    messageId: string | undefined,
  ): Promise<string[]> {
    const refusedCaseId = this.labels.get(refusedLabel);
    if (!refusedCaseId) return [`case ${refusedLabel} was not opened`];
    if (!messageId) return ['the mail has no Message-ID to look for in the thread refusals'];
    this.refusals ??= await this.readRefusals();
    if (this.refusals.error) return [this.refusals.error];
    const mine = (this.refusals.items ?? []).filter(
      (item): item is Record<string, unknown> =>
        typeof item === 'object' &&
        item !== null &&
        idKey((item as Record<string, unknown>)['messageId']) === messageId,
    );
    if (mine.length === 0)
      return [`no thread refusal recorded for this mail (${this.refusals.items?.length ?? 0} refusals listed)`];
    const refusesCase = (item: Record<string, unknown>): boolean => {
      if (item['refusedCaseId'] === refusedCaseId) return true;
      const refused = item['refused'];
      return (
        Array.isArray(refused) &&
        refused.some((entry) => (entry as { caseId?: unknown } | null)?.caseId === refusedCaseId)
      );
    };
    const match = mine.find(refusesCase);
    if (!match) return [`the thread refusal of this mail does not name case ${refusedLabel} (${refusedCaseId})`];
    const opened = match['openedCaseId'];
    if (opened !== undefined && opened !== openedCaseId)
      return [`the thread refusal says the mail opened ${String(opened)}, not ${openedCaseId}`];
    return [];
  }

  private async readRefusals(): Promise<{ items?: unknown[]; error?: string }> {
    let response = await this.desk.request('GET', '/api/intake/thread-refusals?limit=500', { key: this.agentKey });
    if (response.status === 400)
      response = await this.desk.request('GET', '/api/intake/thread-refusals', { key: this.agentKey });
    if (response.status !== 200) return { error: `GET /api/intake/thread-refusals answered ${problem(response)}` };
    const body = response.body as { items?: unknown } | unknown[] | undefined;
    const items = Array.isArray(body) ? body : (body as { items?: unknown } | undefined)?.items;
    return Array.isArray(items) ? { items } : { error: 'GET /api/intake/thread-refusals gave no items list' };
  }
}

// ----------------------------------------------------------------------------------------------------------------
// Running

export interface RunOptions {
  /** The desk's clock, set to corpusNow before each scenario. */
  clock?: { set(instant: string | Date): void };
  idleTimeoutMs?: number;
  dir?: string;
}

/** Runs one scenario in a fresh tenant of the host; never throws, every problem is a failed step. */
export async function runScenario(
  desk: TestHost,
  file: CorpusFile | string,
  options: RunOptions = {},
): Promise<CorpusStepResult[]> {
  const resolved =
    typeof file === 'string' ? corpusFiles(options.dir).find((candidate) => candidate.name === file) : file;
  if (!resolved) {
    return [
      {
        scenario: String(file),
        step: 0,
        kind: 'setup',
        expected: 'a scenario file',
        actual: 'none',
        ok: false,
        detail: `no scenario ${String(file)} in ${options.dir ?? corpusDir}`,
      },
    ];
  }
  try {
    return await new ScenarioRun(desk, resolved, options).run();
  } catch (error) {
    return [
      {
        scenario: resolved.name,
        step: 0,
        kind: 'setup',
        expected: 'scenario runs',
        actual: 'error',
        ok: false,
        detail: (error as Error).stack ?? String(error),
      },
    ];
  }
}

/** Share of correct mail steps over the results of any number of scenarios. */
export function summarise(results: CorpusStepResult[]): Omit<CorpusRun, 'results'> {
  const mail = results.filter((result) => result.kind === 'mail' || (result.kind === 'setup' && !result.ok));
  const correct = mail.filter((result) => result.ok).length;
  return {
    scenarios: new Set(results.map((result) => result.scenario)).size,
    mailSteps: mail.length,
    correctMailSteps: correct,
    accuracy: mail.length === 0 ? 0 : correct / mail.length,
  };
}

/** Runs every scenario of the corpus, one after the other, and measures the share of mails with the expected outcome. */
export async function runEmailCorpus(desk: TestHost, options: RunOptions = {}): Promise<CorpusRun> {
  const results: CorpusStepResult[] = [];
  for (const file of corpusFiles(options.dir)) results.push(...(await runScenario(desk, file, options)));
  return { results, ...summarise(results) };
}
