import { localTime } from '../serviceHours/localTime';

/** The UTC ISO instant of a Berlin wall-clock time such as '2025-01-13T10:00'. */
export const berlin = (local: string): string => new Date(localTime(local, 'Europe/Berlin')).toISOString();
