import {
  defaultMicrosoftResponseTargets,
  defaultMicrosoftSupportHours,
  microsoftResponseDueAt,
  microsoftResponseTarget,
  microsoftResponseTargetsSchema,
  microsoftSupportCalendar,
  microsoftSupportHoursSchema,
  type MicrosoftResponseTargets,
} from '../../../shared/domain/escalation';
import { defaultSupportOffering, supportOfferingSchema } from '../../../shared/domain/offering';
import { calendarSchema, compileServiceHours } from '../../../shared/domain/serviceHours';

const berlinMicrosoftHours = compileServiceHours(
  calendarSchema.parse(microsoftSupportCalendar(defaultMicrosoftSupportHours, 'Europe/Berlin')),
);

describe('Microsoft initial response targets', () => {
  it('given Premier Support for Partners, then A is 1 hour 24x7 and B/C are 2/4 business hours', () => {
    expect(microsoftResponseTarget('premierSupportForPartners', 'A')).toEqual({ minutes: 60, aroundTheClock: true });
    expect(microsoftResponseTarget('premierSupportForPartners', 'B')).toEqual({ minutes: 120, aroundTheClock: false });
    expect(microsoftResponseTarget('premierSupportForPartners', 'C')).toEqual({ minutes: 240, aroundTheClock: false });
  });

  it('given Advanced Support for Partners, then severity A is 1 hour around the clock', () => {
    expect(microsoftResponseTarget('advancedSupportForPartners', 'A')).toEqual({ minutes: 60, aroundTheClock: true });
  });

  it('given a tenant with its own agreement figures, then those replace the defaults', () => {
    const own = microsoftResponseTargetsSchema.parse({
      ...defaultMicrosoftResponseTargets,
      commercialSupport: {
        ...defaultMicrosoftResponseTargets.commercialSupport,
        A: { minutes: 30, aroundTheClock: true },
      },
    });
    expect(microsoftResponseTarget('commercialSupport', 'A', own)).toEqual({ minutes: 30, aroundTheClock: true });
    expect(microsoftResponseTarget('commercialSupport', 'A')).toEqual({ minutes: 240, aroundTheClock: false });
  });

  it('given targets missing a vehicle, then they are rejected', () => {
    const incomplete: Partial<MicrosoftResponseTargets> = { ...defaultMicrosoftResponseTargets };
    delete incomplete.signatureCloudSupport;
    expect(microsoftResponseTargetsSchema.safeParse(incomplete).success).toBe(false);
  });

  describe('when is Microsoft due to respond', () => {
    it('given a 24x7 target requested on a Saturday night, then it is due one hour later', () => {
      const requestedAt = new Date('2025-03-08T22:30:00Z');
      const due = microsoftResponseDueAt({
        requestedAt,
        target: microsoftResponseTarget('premierSupportForPartners', 'A'),
        microsoftHours: berlinMicrosoftHours,
      });
      expect(due.toISOString()).toBe('2025-03-08T23:30:00.000Z');
    });

    it('given a 2 business-hour target requested Friday 16:00 Berlin, then it is due Monday 10:00 Berlin', () => {
      const due = microsoftResponseDueAt({
        requestedAt: new Date('2025-03-07T15:00:00Z'),
        target: microsoftResponseTarget('premierSupportForPartners', 'B'),
        microsoftHours: berlinMicrosoftHours,
      });
      expect(due.toISOString()).toBe('2025-03-10T09:00:00.000Z');
    });

    it('given commercial support requested before opening on a Tuesday, then the 4 hours count from 09:00 Berlin', () => {
      const due = microsoftResponseDueAt({
        requestedAt: new Date('2025-03-11T05:00:00Z'),
        target: microsoftResponseTarget('commercialSupport', 'A'),
        microsoftHours: berlinMicrosoftHours,
      });
      expect(due.toISOString()).toBe('2025-03-11T12:00:00.000Z');
    });
  });

  it('given the default hours and a partner time zone, then Microsoft business hours are Monday to Friday 09:00-17:00 there', () => {
    const calendar = calendarSchema.parse(microsoftSupportCalendar(defaultMicrosoftSupportHours, 'America/New_York'));
    expect(calendar.timeZone).toBe('America/New_York');
    expect(calendar.weekly.map((interval) => `${interval.day} ${interval.start}-${interval.end}`)).toEqual([
      'mon 09:00-17:00',
      'tue 09:00-17:00',
      'wed 09:00-17:00',
      'thu 09:00-17:00',
      'fri 09:00-17:00',
    ]);
  });

  describe('Microsoft support hours are a tenant setting', () => {
    it('given an offering saved before the setting existed, when read, then Microsoft hours default to 09:00-17:00 on weekdays', () => {
      const { microsoftSupportHours: _dropped, ...olderSettings } = defaultSupportOffering().settings;
      const read = supportOfferingSchema.parse({
        ...structuredClone(defaultSupportOffering()),
        settings: olderSettings,
      });
      expect(read.settings.microsoftSupportHours).toEqual(defaultMicrosoftSupportHours);
    });

    it('given a North American partner with Partner Center hours 06:00-18:00 Pacific, when a 2-hour target is requested Tuesday 17:00 Pacific, then it is due Wednesday 07:00 Pacific', () => {
      const northAmerica = microsoftSupportHoursSchema.parse({
        timeZone: 'America/Los_Angeles',
        weekly: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '06:00', end: '18:00' })),
      });
      const hours = compileServiceHours(
        calendarSchema.parse(microsoftSupportCalendar(northAmerica, 'America/New_York')),
      );
      const due = microsoftResponseDueAt({
        requestedAt: new Date('2025-03-11T17:00:00-07:00'),
        target: microsoftResponseTarget('premierSupportForPartners', 'B'),
        microsoftHours: hours,
      });
      expect(due.toISOString()).toBe(new Date('2025-03-12T07:00:00-07:00').toISOString());
    });

    it('given Microsoft holidays in the setting, when a business-hours target falls on one, then the day does not count', () => {
      const withHoliday = microsoftSupportHoursSchema.parse({
        ...defaultMicrosoftSupportHours,
        holidays: ['2025-03-10'],
      });
      const hours = compileServiceHours(calendarSchema.parse(microsoftSupportCalendar(withHoliday, 'Europe/Berlin')));
      const due = microsoftResponseDueAt({
        requestedAt: new Date('2025-03-07T15:00:00Z'),
        target: microsoftResponseTarget('premierSupportForPartners', 'B'),
        microsoftHours: hours,
      });
      expect(due.toISOString()).toBe('2025-03-11T09:00:00.000Z');
    });

    it('given hours without a weekly opening, when parsed, then they are refused', () => {
      expect(microsoftSupportHoursSchema.safeParse({ weekly: [] }).success).toBe(false);
    });
  });
});
