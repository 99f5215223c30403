import { slaReportQuerySchema, slaReportSchema } from '../../domain/slaReport';
import { defineEndpoint, named, type Endpoint } from '../endpoint';

export const getSlaReportEndpoint = defineEndpoint({
  name: 'getSlaReport',
  method: 'GET',
  route: 'reports/sla',
  tag: 'Work queues',
  summary: "A lead's SLA report: compliance per week, backlog by age, breaches by customer, Microsoft's wait",
  description:
    'For the UTC days from `from` to `to` (at most 92): per ISO week, the SLA clocks due in the period that were met ' +
    'and breached (overall, by severity, by product); breached clocks per customer; escalations to Microsoft requested ' +
    'in the period with the median and longest wait for Microsoft’s first answer; and the backlog by age. Reads the ' +
    'cases opened in the period or up to 31 days before it, one key range.',
  access: 'cases:readInternal',
  query: slaReportQuerySchema,
  responses: { 200: { description: 'The report', body: named('SlaReport', slaReportSchema) } },
});

export const reportEndpoints: readonly Endpoint[] = [getSlaReportEndpoint];
