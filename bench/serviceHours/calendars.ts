import { calendarSchema, type Calendar } from '../../shared/domain/serviceHours';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const everyDay = [...weekdays, 'sat', 'sun'] as const;

/** Calendars a partner would plausibly configure; each exercises a different feature. */
export const benchCalendars: ReadonlyArray<{ readonly name: string; readonly calendar: Calendar }> = [
  {
    name: 'berlinOffice',
    calendar: calendarSchema.parse({
      timeZone: 'Europe/Berlin',
      weekly: weekdays.map((day) => ({ day, start: '09:00', end: '17:00' })),
      holidays: [
        '01-01',
        '05-01',
        '10-03',
        '12-25',
        '12-26',
        '2024-03-29',
        '2024-04-01',
        '2025-04-18',
        '2025-04-21',
        '2026-04-03',
        '2026-04-06',
      ],
    }),
  },
  {
    name: 'newYorkSplitShift',
    calendar: calendarSchema.parse({
      timeZone: 'America/New_York',
      weekly: weekdays.flatMap((day) => [
        { day, start: '08:00', end: '12:00' },
        { day, start: '13:00', end: '17:00' },
      ]),
      holidays: ['01-01', '07-04', '12-25', '2024-11-28', '2025-11-27', '2026-11-26'],
    }),
  },
  {
    name: 'berlinNightShift',
    // Crosses midnight every night, and the nights of the DST changes.
    calendar: calendarSchema.parse({
      timeZone: 'Europe/Berlin',
      weekly: everyDay.map((day) => ({ day, start: '20:00', end: '04:00' })),
    }),
  },
  {
    name: 'newYorkNightShift',
    // Overnight desk with holidays: a holiday closes the morning part of the previous night's interval.
    calendar: calendarSchema.parse({
      timeZone: 'America/New_York',
      weekly: everyDay.map((day) => ({ day, start: '22:00', end: '06:00' })),
      holidays: ['07-04', '12-25', '2025-11-27'],
    }),
  },
  {
    name: 'tokyoSixDays',
    calendar: calendarSchema.parse({
      timeZone: 'Asia/Tokyo',
      weekly: [...weekdays, 'sat'].map((day) => ({ day, start: '09:30', end: '18:00' })),
      holidays: ['01-01', '01-02', '01-03', '05-03', '05-04', '05-05'],
    }),
  },
];
