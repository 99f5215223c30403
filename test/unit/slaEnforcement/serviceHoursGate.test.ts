import { serviceHoursFor } from '../../../shared/domain/caseSla';
import { defaultSupportOffering } from '../../../shared/domain/offering';
import { escalationGate } from '../../../shared/domain/serviceHoursGate';
import { berlin } from './berlin';

// Monday to Friday 08:00-18:00 Berlin; 2025-01-13 is a Monday.
const officeHours = serviceHoursFor(defaultSupportOffering().services.azure.serviceHours);
const gateAt = (local: string, aroundTheClock = false) =>
  escalationGate(officeHours, aroundTheClock, Date.parse(berlin(local)));

describe('service-hours gate for escalations', () => {
  it('given a business-hours severity, when it is within the service hours, then the escalation fires now', () => {
    expect(gateAt('2025-01-13T10:00')).toEqual({ kind: 'open' });
  });

  it('given a business-hours severity at night, then it waits for the next morning opening', () => {
    expect(gateAt('2025-01-13T23:30')).toEqual({ kind: 'closed', opensAt: Date.parse(berlin('2025-01-14T08:00')) });
  });

  it('given the closing instant itself, then the service hours are closed and it waits for the next opening', () => {
    expect(gateAt('2025-01-13T18:00')).toEqual({ kind: 'closed', opensAt: Date.parse(berlin('2025-01-14T08:00')) });
  });

  it('given Friday evening, then it waits over the weekend until Monday morning', () => {
    expect(gateAt('2025-01-17T19:00')).toEqual({ kind: 'closed', opensAt: Date.parse(berlin('2025-01-20T08:00')) });
  });

  it('given a severity worked around the clock, when it is night, then the escalation fires now', () => {
    expect(gateAt('2025-01-13T23:30', true)).toEqual({ kind: 'open' });
  });
});
