import { deadlineMessage, withDeadlineMessage } from '../../../shared/services/slaDueFiling';
import { enforcementDueAt } from '../../../shared/domain/slaEnforcement';
import { slaCase } from '../../fixtures/sla/slaCase';
import { slaTestOffering } from '../../fixtures/sla/slaOffering';

describe('the deadline message of a case', () => {
  const offering = slaTestOffering();

  it('given a tenant id of 120 characters, when its deadline message is built, then the id stays within Service Bus’s 128 characters', () => {
    const longTenant = slaCase(
      { openedAt: '2026-11-30T09:00:00Z', severity: 'B', tenantId: 'partner-'.padEnd(120, 'x') },
      offering,
    );

    const message = deadlineMessage(longTenant, '2026-11-30T09:45:00.000Z', new Date('2026-11-30T09:00:00Z'));

    expect(message.messageId.length).toBeLessThanOrEqual(128);
    expect(message).toMatchObject({ queue: 'sla-deadlines', scheduledEnqueueTimeUtc: '2026-11-30T09:45:00.000Z' });
  });

  it('given a change that moves the next due instant, then the next version carries the deadline message of that instant, and none when it did not move', () => {
    const opened = slaCase({ openedAt: '2026-11-30T09:00:00Z', severity: 'B' }, offering);
    const moved = { ...opened, sla: { ...opened.sla!, nextDueAt: '2026-11-30T11:00:00.000Z' } };

    expect(withDeadlineMessage(opened, moved).outbox).toEqual([
      expect.objectContaining({ queue: 'sla-deadlines', scheduledEnqueueTimeUtc: enforcementDueAt(moved) }),
    ]);
    expect(withDeadlineMessage(opened, opened).outbox).toEqual([]);
  });
});
