import { billingQuerySchema } from '../../../shared/api/catalogue/billingEndpoints';
import { escalationCreateRequestSchema } from '../../../shared/api/escalationRequests';
import { customerSchema } from '../../../shared/domain/customer';
import { microsoftSupportHoursSchema } from '../../../shared/domain/escalation/responseTargets';
import { agentSchema } from '../../../shared/domain/agent';
import { calendarSchema, timeZoneSchema } from '../../../shared/domain/serviceHours/calendar';

/*
 * IANA zone names are case-insensitive when the desk computes with them, but they are read by people and compared as
 * strings (an export says which zone bounded it, a customer record names its zone): every place that accepts a zone
 * answers and stores it in its canonical spelling, whatever letter case the caller typed.
 */
describe('IANA time zones in their canonical spelling', () => {
  it.each([
    ['europe/berlin', 'Europe/Berlin'],
    ['EUROPE/BERLIN', 'Europe/Berlin'],
    ['eUrOpE/vIeNnA', 'Europe/Vienna'],
    ['america/new_york', 'America/New_York'],
    ['america/port-au-prince', 'America/Port-au-Prince'],
    ['america/north_dakota/new_salem', 'America/North_Dakota/New_Salem'],
    ['etc/gmt+5', 'Etc/GMT+5'],
    ['utc', 'UTC'],
  ])('given the zone typed as %p, when accepted, then it is %p', (typed, canonical) => {
    expect(timeZoneSchema.parse(typed)).toBe(canonical);
  });

  it.each(['Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kathmandu', 'Europe/Kyiv', 'US/Eastern', 'Etc/UTC'])(
    'given the zone spelt %p (a zone, or another name of one, as the IANA database spells it), when accepted, then it is kept as spelt',
    (spelt) => {
      expect(timeZoneSchema.parse(spelt)).toBe(spelt);
    },
  );

  it('given another name of a zone typed in lower case (us/eastern), when accepted, then it is the zone it names, as ICU spells it', () => {
    expect(timeZoneSchema.parse('us/eastern')).toBe('America/New_York');
  });

  it.each(['Mars/Olympus', 'europe/berlinn', 'Europe Berlin'])(
    'given %p, which names no zone, when checked, then it is refused as no IANA time zone',
    (typed) => {
      const parsed = timeZoneSchema.safeParse(typed);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['expected an IANA time zone']);
    },
  );

  it('given a billing export asked for timeZone=europe/berlin, when the query is read, then the export is bounded by Europe/Berlin', () => {
    expect(billingQuerySchema.parse({ month: '2026-09', timeZone: 'europe/berlin' })).toMatchObject({
      month: '2026-09',
      timeZone: 'Europe/Berlin',
    });
  });

  it('given service hours in asia/tokyo, when the offering’s calendar is read, then it is stored in Asia/Tokyo', () => {
    const calendar = calendarSchema.parse({
      timeZone: 'asia/tokyo',
      weekly: [{ day: 'mon', start: '09:00', end: '17:00' }],
    });
    expect(calendar.timeZone).toBe('Asia/Tokyo');
  });

  it('given a customer recorded with the zone europe/vienna, when its record is read, then it names Europe/Vienna', () => {
    const customer = customerSchema.parse({ name: 'Fabrikam', timeZone: 'europe/vienna' });
    expect(customer.timeZone).toBe('Europe/Vienna');
  });

  it('given Microsoft support hours in america/los_angeles, when read, then they are in America/Los_Angeles', () => {
    const hours = microsoftSupportHoursSchema.parse({
      timeZone: 'america/los_angeles',
      weekly: [{ day: 'mon', start: '06:00', end: '18:00' }],
    });
    expect(hours.timeZone).toBe('America/Los_Angeles');
  });

  it('given an agent whose own service hours are in europe/london, when the agent is read, then they are in Europe/London', () => {
    const agent = agentSchema.parse({
      name: 'Kim Agent',
      email: 'kim@example.com',
      role: 'agent',
      entra: { tenantId: '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e', objectId: '7f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e' },
      serviceHours: { timeZone: 'europe/london', alwaysOpen: true },
    });
    expect(agent.serviceHours?.timeZone).toBe('Europe/London');
  });

  it('given an escalation whose contact Microsoft calls back prefers europe/paris, when the request is read, then it names Europe/Paris', () => {
    const request = escalationCreateRequestSchema.parse({
      reason: 'Only Microsoft can restore the tenant',
      contact: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        primaryEmailAddress: 'ada@partner.example',
        preferredContactMethod: 'email',
        preferredTimeZone: 'europe/paris',
      },
    });
    expect(request.contact?.preferredTimeZone).toBe('Europe/Paris');
  });

  it('given an escalation contact whose preferred time zone is no IANA zone, when the request is read, then it is refused naming the field', () => {
    const parsed = escalationCreateRequestSchema.safeParse({
      reason: 'Only Microsoft can restore the tenant',
      contact: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        primaryEmailAddress: 'ada@partner.example',
        preferredContactMethod: 'email',
        preferredTimeZone: 'Middle Earth/Shire',
      },
    });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['contact.preferredTimeZone']);
  });
});
