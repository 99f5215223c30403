import type { Bench } from './types';
import { coldLoadBench } from './coldLoad.bench';
import { consoleFirstPaintBench } from './consoleFirstPaint.bench';
import { emailOutcomesBench } from './emailOutcomes.bench';
import { enrichCostBench } from './enrichCost.bench';
import { intakeThroughputBench } from './intakeThroughput.bench';
import { queueListBench } from './queueList.bench';
import { serviceHoursBench } from './serviceHours.bench';
import { sweepScalingBench } from './sweepScaling.bench';
import { tableTransactionsBench } from './tableTransactions.bench';
import { triageAccuracyBench } from './triageAccuracy.bench';

/** Every benchmark `npm run bench` runs, in order. */
export const benches: Bench[] = [
  coldLoadBench,
  serviceHoursBench,
  triageAccuracyBench,
  tableTransactionsBench,
  sweepScalingBench,
  emailOutcomesBench,
  enrichCostBench,
  queueListBench,
  intakeThroughputBench,
  consoleFirstPaintBench,
];
