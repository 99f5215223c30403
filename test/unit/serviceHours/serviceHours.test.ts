import {
  aroundTheClockServiceHours,
  calendarSchema,
  compileServiceHours,
  ServiceHoursNeverOpenError,
  type Calendar,
} from '../../../shared/domain/serviceHours';
import { asLocal, localTime } from './localTime';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function calendar(input: unknown): Calendar {
  return calendarSchema.parse(input);
}

const berlinOffice = compileServiceHours(
  calendar({ timeZone: BERLIN, weekly: weekdays.map((day) => ({ day, start: '09:00', end: '17:00' })) }),
);

describe('service hours: office hours Mon-Fri 09:00-17:00 in Europe/Berlin', () => {
  const at = (local: string): number => localTime(local, BERLIN);

  it('given the opening and closing instants, when asked whether open, then opening is open and closing is closed', () => {
    expect(berlinOffice.isOpen(at('2024-06-03T09:00'))).toBe(true);
    expect(berlinOffice.isOpen(at('2024-06-03T16:59'))).toBe(true);
    expect(berlinOffice.isOpen(at('2024-06-03T17:00'))).toBe(false);
    expect(berlinOffice.isOpen(at('2024-06-03T08:59'))).toBe(false);
    expect(berlinOffice.isOpen(at('2024-06-08T11:00'))).toBe(false);
  });

  it('given Friday 16:30, when adding 60 business minutes, then the deadline is Monday 09:30', () => {
    const due = berlinOffice.addBusinessMinutes(at('2024-06-07T16:30'), 60);
    expect(asLocal(due, BERLIN)).toBe('2024-06-10T09:30');
  });

  it('given a deadline that lands exactly at closing, when adding, then it stays at closing time', () => {
    const due = berlinOffice.addBusinessMinutes(at('2024-06-07T16:00'), 60);
    expect(asLocal(due, BERLIN)).toBe('2024-06-07T17:00');
  });

  it('given a closed instant, when adding 0 minutes, then the clock starts at the next opening', () => {
    expect(asLocal(berlinOffice.addBusinessMinutes(at('2024-06-08T10:00'), 0), BERLIN)).toBe('2024-06-10T09:00');
    expect(asLocal(berlinOffice.addBusinessMinutes(at('2024-06-07T17:00'), 0), BERLIN)).toBe('2024-06-10T09:00');
  });

  it('given an open instant, when adding 0 minutes, then the instant itself is returned', () => {
    const open = at('2024-06-07T11:17');
    expect(berlinOffice.addBusinessMinutes(open, 0)).toBe(open);
  });

  it('given a weekend in between, when counting business minutes, then only opening hours count', () => {
    expect(berlinOffice.businessMinutesBetween(at('2024-06-07T16:00'), at('2024-06-10T10:00'))).toBe(120);
    expect(berlinOffice.businessMinutesBetween(at('2024-06-10T10:00'), at('2024-06-07T16:00'))).toBe(0);
  });

  it('given paused spans, when counting business minutes, then paused business time is subtracted once', () => {
    const paused = [
      { from: at('2024-06-10T12:00'), to: at('2024-06-11T10:00') },
      { from: at('2024-06-10T16:00'), to: at('2024-06-10T20:00') },
    ];
    expect(berlinOffice.businessMinutesBetween(at('2024-06-10T09:00'), at('2024-06-11T17:00'), paused)).toBe(
      16 * 60 - (5 * 60 + 60),
    );
  });

  it('given a negative or non-finite amount, when adding, then a RangeError is raised', () => {
    expect(() => berlinOffice.addBusinessMinutes(at('2024-06-07T11:00'), -1)).toThrow(RangeError);
    expect(() => berlinOffice.addBusinessMinutes(at('2024-06-07T11:00'), Number.NaN)).toThrow(RangeError);
  });
});

describe('service hours across daylight-saving changes', () => {
  it('given Berlin office hours, when a deadline crosses the spring-forward weekend, then it keeps local 09:00-17:00', () => {
    const due = berlinOffice.addBusinessMinutes(localTime('2024-03-29T16:30', BERLIN), 60);
    expect(asLocal(due, BERLIN)).toBe('2024-04-01T09:30');
  });

  it('given a Berlin night shift 20:00-04:00, when spring-forward skips 02:00-03:00, then that night has 7 business hours', () => {
    const nights = compileServiceHours(
      calendar({ timeZone: BERLIN, weekly: everyDay.map((day) => ({ day, start: '20:00', end: '04:00' })) }),
    );
    const dusk = localTime('2024-03-30T20:00', BERLIN);
    expect(nights.businessMinutesBetween(dusk, localTime('2024-03-31T12:00', BERLIN))).toBe(7 * 60);
    expect(asLocal(nights.addBusinessMinutes(dusk, 7 * 60), BERLIN)).toBe('2024-03-31T04:00');
    expect(asLocal(nights.addBusinessMinutes(dusk, 7 * 60 + 1), BERLIN)).toBe('2024-03-31T20:01');
  });

  it('given a Berlin night shift 20:00-04:00, when fall-back repeats 02:00-03:00, then that night has 9 business hours', () => {
    const nights = compileServiceHours(
      calendar({ timeZone: BERLIN, weekly: everyDay.map((day) => ({ day, start: '20:00', end: '04:00' })) }),
    );
    const dusk = localTime('2024-10-26T20:00', BERLIN);
    expect(nights.businessMinutesBetween(dusk, localTime('2024-10-27T12:00', BERLIN))).toBe(9 * 60);
    expect(asLocal(nights.addBusinessMinutes(dusk, 9 * 60), BERLIN)).toBe('2024-10-27T04:00');
  });

  it('given 24x7 service hours in Berlin with a holiday, when counting a spring-forward weekend, then the Sunday has 23 hours', () => {
    const allDay = compileServiceHours(calendar({ timeZone: BERLIN, alwaysOpen: true, holidays: ['2024-12-25'] }));
    const saturday = localTime('2024-03-30T00:00', BERLIN);
    expect(allDay.businessMinutesBetween(saturday, localTime('2024-04-01T00:00', BERLIN))).toBe(47 * 60);
    expect(
      allDay.businessMinutesBetween(localTime('2024-10-26T00:00', BERLIN), localTime('2024-10-28T00:00', BERLIN)),
    ).toBe(49 * 60);
  });

  describe('given a New York split shift Mon-Fri 08:00-12:00 and 13:00-17:00', () => {
    const splitShift = compileServiceHours(
      calendar({
        timeZone: NEW_YORK,
        weekly: weekdays.flatMap((day) => [
          { day, start: '08:00', end: '12:00' },
          { day, start: '13:00', end: '17:00' },
        ]),
      }),
    );
    const at = (local: string): number => localTime(local, NEW_YORK);

    it('when a deadline crosses the spring-forward weekend, then it lands on local Monday opening hours', () => {
      expect(asLocal(splitShift.addBusinessMinutes(at('2024-03-08T16:30'), 60), NEW_YORK)).toBe('2024-03-11T08:30');
      expect(splitShift.businessMinutesBetween(at('2024-03-08T16:00'), at('2024-03-11T09:00'))).toBe(120);
    });

    it('when a deadline crosses the fall-back weekend, then it lands on local Monday opening hours', () => {
      expect(asLocal(splitShift.addBusinessMinutes(at('2024-11-01T16:30'), 60), NEW_YORK)).toBe('2024-11-04T08:30');
    });

    it('when the morning shift is used up, then the deadline skips the lunch break', () => {
      expect(asLocal(splitShift.addBusinessMinutes(at('2024-06-03T08:00'), 4 * 60 + 30), NEW_YORK)).toBe(
        '2024-06-03T13:30',
      );
      expect(splitShift.isOpen(at('2024-06-03T12:30'))).toBe(false);
      expect(splitShift.businessMinutesBetween(at('2024-06-03T07:00'), at('2024-06-03T18:00'))).toBe(8 * 60);
    });

    it('when a deadline lands exactly at the lunch break, then it stays at 12:00', () => {
      expect(asLocal(splitShift.addBusinessMinutes(at('2024-06-03T08:00'), 4 * 60), NEW_YORK)).toBe('2024-06-03T12:00');
    });
  });

  it('given a New York night shift 22:00-06:00, when fall-back repeats 01:00-02:00, then that night has 9 business hours', () => {
    const nights = compileServiceHours(
      calendar({ timeZone: NEW_YORK, weekly: everyDay.map((day) => ({ day, start: '22:00', end: '06:00' })) }),
    );
    expect(
      nights.businessMinutesBetween(localTime('2024-11-02T22:00', NEW_YORK), localTime('2024-11-03T12:00', NEW_YORK)),
    ).toBe(9 * 60);
    expect(
      nights.businessMinutesBetween(localTime('2024-03-09T22:00', NEW_YORK), localTime('2024-03-10T12:00', NEW_YORK)),
    ).toBe(7 * 60);
  });
});

describe('service hours with holidays', () => {
  const christmasOffice = compileServiceHours(
    calendar({
      timeZone: BERLIN,
      weekly: weekdays.map((day) => ({ day, start: '09:00', end: '17:00' })),
      holidays: ['2024-12-24', '12-25', '12-26'],
    }),
  );
  const at = (local: string): number => localTime(local, BERLIN);

  it('given a fixed holiday and recurring Christmas days, when adding across them in 2024, then all three are skipped', () => {
    expect(asLocal(christmasOffice.addBusinessMinutes(at('2024-12-23T16:30'), 60), BERLIN)).toBe('2024-12-27T09:30');
  });

  it('given recurring holidays, when the next year comes, then they close again but the fixed date does not', () => {
    expect(christmasOffice.isOpen(at('2025-12-24T10:00'))).toBe(true);
    expect(christmasOffice.isOpen(at('2025-12-25T10:00'))).toBe(false);
    expect(asLocal(christmasOffice.addBusinessMinutes(at('2025-12-24T16:30'), 60), BERLIN)).toBe('2025-12-29T09:30');
  });

  it('given a holiday, when the instant is that local date, then it is closed even though it is a weekday', () => {
    expect(christmasOffice.isOpen(at('2024-12-24T10:00'))).toBe(false);
    expect(christmasOffice.businessMinutesBetween(at('2024-12-23T00:00'), at('2024-12-28T00:00'))).toBe(2 * 8 * 60);
  });
});

describe('service hours with intervals across midnight', () => {
  const at = (local: string): number => localTime(local, BERLIN);

  it('given a Monday shift 22:00-06:00, when asked about Tuesday early morning, then it is open until 06:00', () => {
    const mondayNight = compileServiceHours(
      calendar({ timeZone: BERLIN, weekly: [{ day: 'mon', start: '22:00', end: '06:00' }] }),
    );
    expect(mondayNight.isOpen(at('2024-06-04T03:00'))).toBe(true);
    expect(mondayNight.isOpen(at('2024-06-04T06:00'))).toBe(false);
    expect(mondayNight.isOpen(at('2024-06-04T22:30'))).toBe(false);
    expect(asLocal(mondayNight.addBusinessMinutes(at('2024-06-03T23:30'), 60), BERLIN)).toBe('2024-06-04T00:30');
  });

  it('given a holiday on the morning after, when the overnight shift runs into it, then the holiday part is closed', () => {
    const mondayNight = compileServiceHours(
      calendar({ timeZone: BERLIN, weekly: [{ day: 'mon', start: '22:00', end: '06:00' }], holidays: ['2024-06-04'] }),
    );
    expect(mondayNight.isOpen(at('2024-06-04T03:00'))).toBe(false);
    expect(asLocal(mondayNight.addBusinessMinutes(at('2024-06-03T23:30'), 60), BERLIN)).toBe('2024-06-10T22:30');
  });

  it('given a shift 00:00-00:00, when counting that day, then it is open the whole day', () => {
    const sundays = compileServiceHours(
      calendar({ timeZone: BERLIN, weekly: [{ day: 'sun', start: '00:00', end: '00:00' }] }),
    );
    expect(sundays.businessMinutesBetween(at('2024-06-08T12:00'), at('2024-06-10T12:00'))).toBe(24 * 60);
  });
});

describe('service hours consistency', () => {
  it('given seeded random starts and amounts, when adding then counting back, then the counted minutes equal the amount', () => {
    const calendars = [
      berlinOffice,
      compileServiceHours(
        calendar({
          timeZone: NEW_YORK,
          weekly: [
            ...weekdays.map((day) => ({ day, start: '08:00', end: '12:00' })),
            ...weekdays.map((day) => ({ day, start: '13:00', end: '17:00' })),
            { day: 'sat', start: '22:00', end: '02:30' },
          ],
          holidays: ['07-04', '2024-11-28'],
        }),
      ),
    ];
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const yearStart = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 2_000; i++) {
      const hours = calendars[i % calendars.length]!;
      const start = yearStart + Math.floor(random() * 366 * 86_400_000);
      const minutes = Math.floor(random() * 3_000);
      const due = hours.addBusinessMinutes(start, minutes);
      expect(hours.businessMinutesBetween(start, due)).toBe(minutes);
      if (minutes > 0) expect(hours.isOpen(due - 1)).toBe(true);
    }
  });
});

describe('around-the-clock service hours', () => {
  it('given 24x7, when adding and counting, then every minute counts and pauses are subtracted', () => {
    const start = Date.UTC(2024, 2, 30, 23, 0);
    expect(aroundTheClockServiceHours.isOpen(start)).toBe(true);
    expect(aroundTheClockServiceHours.addBusinessMinutes(start, 90)).toBe(start + 90 * 60_000);
    const pause = { from: start + 10 * 60_000, to: start + 40 * 60_000 };
    expect(aroundTheClockServiceHours.businessMinutesBetween(start, start + 90 * 60_000, [pause, pause])).toBe(60);
  });
});

describe('calendar validation', () => {
  const weekly = [{ day: 'mon', start: '09:00', end: '17:00' }];

  it('given a made-up time zone, when parsing, then it is rejected', () => {
    expect(calendarSchema.safeParse({ timeZone: 'Europe/Atlantis', weekly }).success).toBe(false);
  });

  it('given impossible holidays, when parsing, then they are rejected, while a recurring 02-29 is accepted', () => {
    expect(calendarSchema.safeParse({ timeZone: BERLIN, weekly, holidays: ['2024-02-30'] }).success).toBe(false);
    expect(calendarSchema.safeParse({ timeZone: BERLIN, weekly, holidays: ['13-01'] }).success).toBe(false);
    expect(calendarSchema.safeParse({ timeZone: BERLIN, weekly, holidays: ['02-29'] }).success).toBe(true);
  });

  it('given no weekly hours and no alwaysOpen, when parsing, then it is rejected', () => {
    expect(calendarSchema.safeParse({ timeZone: BERLIN }).success).toBe(false);
    expect(calendarSchema.safeParse({ timeZone: BERLIN, alwaysOpen: true }).success).toBe(true);
  });

  it('given a time outside 00:00-23:59, when parsing, then it is rejected', () => {
    expect(
      calendarSchema.safeParse({ timeZone: BERLIN, weekly: [{ day: 'mon', start: '09:00', end: '24:00' }] }).success,
    ).toBe(false);
  });

  it('given every open day is a holiday for years, when adding minutes, then ServiceHoursNeverOpenError is raised', () => {
    const mondays: string[] = [];
    for (let day = Date.UTC(2024, 0, 1); day < Date.UTC(2036, 0, 1); day += 7 * 86_400_000) {
      mondays.push(new Date(day).toISOString().slice(0, 10));
    }
    const neverOpen = compileServiceHours(calendar({ timeZone: 'UTC', weekly, holidays: mondays }));
    expect(() => neverOpen.addBusinessMinutes(Date.UTC(2024, 0, 1), 1)).toThrow(ServiceHoursNeverOpenError);
  });
});
