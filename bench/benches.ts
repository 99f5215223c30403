import type { Bench } from './types';
import { serviceHoursBench } from './serviceHours.bench';
import { triageAccuracyBench } from './triageAccuracy.bench';

/** Every benchmark `npm run bench` runs, in order. */
export const benches: Bench[] = [serviceHoursBench, triageAccuracyBench];
