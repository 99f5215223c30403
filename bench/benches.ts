import type { Bench } from './types';
import { serviceHoursBench } from './serviceHours.bench';

/** Every benchmark `npm run bench` runs, in order. */
export const benches: Bench[] = [serviceHoursBench];
