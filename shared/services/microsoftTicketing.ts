import type { Desk } from '../composition';
import type { EscalationRequestedMessage, MicrosoftReference } from '../domain/escalation/escalation';
import {
  azureSupportTicketName,
  filingFailedEvent,
  microsoftChannel,
  recordFiling,
  recordMicrosoftActivity,
} from '../domain/escalation/microsoftFiling';
import { escalationRequestedMessageId, isOpenEscalation } from '../domain/escalation/requestEscalation';
import type { MicrosoftSupportConnection } from '../domain/tenantProfile';
import { classifyMessageFailure, PermanentMessageError } from '../messaging/messageFailure';
import { MicrosoftFilingRefused, type OpenMicrosoftTicket } from '../ports/microsoftSupport';
import { queueNames } from '../resourceNames';
import { changeCase } from './caseUpdates';
import { fileNextDue, syncSlaDueIndex } from './slaDueFiling';

export type MicrosoftTicketingDesk = Pick<
  Desk,
  'cases' | 'tenants' | 'publisher' | 'clock' | 'slaDue' | 'microsoftSupport' | 'openMicrosoftTickets'
>;

type FiledConnection = Extract<MicrosoftSupportConnection, { connection: 'azureSupportApi+partnerCenter' }>;

async function connectionOf(desk: MicrosoftTicketingDesk, tenantId: string): Promise<MicrosoftSupportConnection> {
  return (await desk.tenants.profile(tenantId))?.microsoftSupport ?? { connection: 'record' };
}

/** What became of an `escalation-requested` message. */
export type FilingResult =
  | { kind: 'handedToIntegration' }
  | { kind: 'filed' | 'alreadyFiled'; ticket: OpenMicrosoftTicket }
  | { kind: 'nothingToFile'; why: string };

/**
 * Handles an `escalation-requested` message. A tenant whose connection is `record` gets the request on
 * `escalation-integration` for its own integration, under the same message id. Otherwise the desk files the
 * escalation with Microsoft (an Azure support ticket for technical Azure cases, a Partner Center service request for
 * the rest), stores the reference on the escalation with `escalationFiled`, and lists the ticket for the poll.
 *
 * Exactly once: an escalation that already has a reference is not filed again (a redelivered message). Between
 * Microsoft's create and the write of the reference, an Azure ticket is protected by its name, derived from the
 * escalation: the next delivery finds it. A Partner Center create takes no id of ours, so a crash in that window
 * files a second service request.
 *
 * A permanent refusal (Microsoft's 400 or 422, no subscription, no matching topic, no app registration) is put on the
 * timeline as `escalationFilingFailed` and thrown as permanent, so the message is dead-lettered with the reason.
 */
export async function fileWithMicrosoft(
  desk: MicrosoftTicketingDesk,
  request: EscalationRequestedMessage,
): Promise<FilingResult> {
  const connection = await connectionOf(desk, request.tenantId);
  if (connection.connection === 'record') {
    await desk.publisher.publish(queueNames.escalationIntegration, {
      body: request,
      messageId: escalationRequestedMessageId(request.caseId, request.escalationId),
      contentType: 'application/json',
      correlationId: request.caseId,
    });
    return { kind: 'handedToIntegration' };
  }
  const ticket: OpenMicrosoftTicket = {
    tenantId: request.tenantId,
    caseId: request.caseId,
    escalationId: request.escalationId,
  };
  const stored = await desk.cases.get(request.tenantId, request.caseId);
  const escalation = stored?.supportCase.escalations.find((candidate) => candidate.id === request.escalationId);
  if (!stored || !escalation) return { kind: 'nothingToFile', why: 'the case or its escalation no longer exists' };
  if (escalation.microsoftReference) {
    // The reference may have been saved by a delivery that stopped before listing the ticket.
    await desk.openMicrosoftTickets.add(ticket);
    return { kind: 'alreadyFiled', ticket };
  }
  if (!isOpenEscalation(escalation)) return { kind: 'nothingToFile', why: `the escalation is ${escalation.status}` };

  let reference: MicrosoftReference;
  try {
    reference = await desk.microsoftSupport.file(microsoftChannel(request.product, request.category), {
      request,
      partnerTenantId: connection.partnerTenantId,
      contact: connection.contact,
      subscriptionId: stored.supportCase.subscriptionId,
      ticketName: azureSupportTicketName(request.tenantId, request.caseId, request.escalationId),
    });
  } catch (error) {
    await recordRefusal(desk, request, error);
    throw error instanceof MicrosoftFilingRefused
      ? new PermanentMessageError(error.reason, error.message, { cause: error })
      : error;
  }

  const now = desk.clock.now();
  const { before, stored: saved } = await changeCase(
    desk.cases,
    request.tenantId,
    request.caseId,
    (current) => {
      const outcome = recordFiling(current.supportCase, request.escalationId, reference, now);
      return outcome.kind === 'recorded' ? { next: outcome.next, events: outcome.events } : undefined;
    },
    { beforeSave: fileNextDue(desk), publisher: desk.publisher },
  );
  await syncSlaDueIndex(desk, before.supportCase, saved.supportCase);
  await desk.openMicrosoftTickets.add(ticket);
  return { kind: 'filed', ticket };
}

/** Puts a permanent refusal on the timeline; a transient failure is left to the redelivery. */
async function recordRefusal(
  desk: MicrosoftTicketingDesk,
  request: EscalationRequestedMessage,
  error: unknown,
): Promise<void> {
  const failure =
    error instanceof MicrosoftFilingRefused
      ? { kind: 'permanent' as const, description: `${error.reason}: ${error.message}` }
      : classifyMessageFailure(error);
  if (failure.kind !== 'permanent') return;
  const now = desk.clock.now();
  await changeCase(desk.cases, request.tenantId, request.caseId, (current) => ({
    next: { ...current.supportCase, updatedAt: now.toISOString() },
    events: [filingFailedEvent(request.escalationId, failure.description, now)],
  }));
}

/** What one poll of the open Microsoft tickets did. */
export interface TicketPollReport {
  polled: number;
  /** Tickets whose case got new entries (replies, a close). */
  changed: number;
  /** Tickets no longer polled: closed, or their case or escalation gone. */
  dropped: number;
  failures: { ticket: OpenMicrosoftTicket; error: string }[];
}

/**
 * Polls every open Microsoft ticket the desk filed: its status and communications. Each communication from Microsoft
 * not seen before becomes `microsoftReplied` with its text and a Microsoft response on the escalation (which stops
 * the Microsoft response clock), a close becomes `microsoftClosed`; a ticket whose escalation is finished is dropped
 * from the list. A failing ticket is reported and polled again next time; the others go on.
 */
export async function pollMicrosoftTickets(desk: MicrosoftTicketingDesk): Promise<TicketPollReport> {
  const report: TicketPollReport = { polled: 0, changed: 0, dropped: 0, failures: [] };
  for await (const ticket of desk.openMicrosoftTickets.list()) {
    try {
      const outcome = await pollTicket(desk, ticket);
      report.polled += 1;
      if (outcome.changed) report.changed += 1;
      if (!outcome.stillOpen) {
        await desk.openMicrosoftTickets.remove(ticket);
        report.dropped += 1;
      }
    } catch (error) {
      report.failures.push({ ticket, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}

async function pollTicket(
  desk: MicrosoftTicketingDesk,
  ticket: OpenMicrosoftTicket,
): Promise<{ changed: boolean; stillOpen: boolean }> {
  const stored = await desk.cases.get(ticket.tenantId, ticket.caseId);
  const escalation = stored?.supportCase.escalations.find((candidate) => candidate.id === ticket.escalationId);
  const reference = escalation?.microsoftReference;
  if (!stored || !escalation || !reference || !isOpenEscalation(escalation))
    return { changed: false, stillOpen: false };
  const connection = await connectionOf(desk, ticket.tenantId);
  if (connection.connection !== 'azureSupportApi+partnerCenter') return { changed: false, stillOpen: false };

  const state = await desk.microsoftSupport.read(reference, partnerOf(connection));
  const now = desk.clock.now();
  const { before, stored: saved } = await changeCase(
    desk.cases,
    ticket.tenantId,
    ticket.caseId,
    (current) => recordMicrosoftActivity(current.supportCase, ticket.escalationId, state, now),
    { alreadyRead: stored, beforeSave: fileNextDue(desk), publisher: desk.publisher },
  );
  const changed = saved !== before;
  if (changed) await syncSlaDueIndex(desk, before.supportCase, saved.supportCase);
  const after = saved.supportCase.escalations.find((candidate) => candidate.id === ticket.escalationId);
  return { changed, stillOpen: after !== undefined && isOpenEscalation(after) };
}

const partnerOf = (connection: FiledConnection) => ({
  partnerTenantId: connection.partnerTenantId,
  locale: connection.contact.language,
});
