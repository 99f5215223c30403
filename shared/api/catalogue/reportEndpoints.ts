import { slaReportQuerySchema, slaReportSchema } from '../../domain/slaReport';
import { defineEndpoint, named, type Endpoint } from '../endpoint';

export const getSlaReportEndpoint = defineEndpoint({
  name: 'getSlaReport',
  method: 'GET',
  route: 'reports/sla',
  tag: 'Work queues',
  summary: "A lead's SLA report: compliance per week, backlog by age, breaches by customer, Microsoft's wait",
  description:
    'Over the cases opened from `from` to `to` (UTC days, at most 92): per ISO week of the clocks’ due times, how many ' +
    'SLA clocks were met and breached (overall, by severity, by product); those cases still open, by age; breached ' +
    'clocks per customer; escalations to Microsoft with the median and longest wait for Microsoft’s first answer. ' +
    'Reads the period’s cases, one key range.',
  access: 'cases:readInternal',
  query: slaReportQuerySchema,
  responses: { 200: { description: 'The report', body: named('SlaReport', slaReportSchema) } },
});

export const reportEndpoints: readonly Endpoint[] = [getSlaReportEndpoint];
