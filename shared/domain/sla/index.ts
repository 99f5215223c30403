export * from './policy';
export * from './history';
export {
  evaluateSla,
  type NotStartedSlaClock,
  type SlaClock,
  type SlaClockState,
  type SlaEvaluation,
  type SlaEvaluationInput,
  type SlaMetric,
  type StartedSlaClock,
} from './clocks';
export { dueSlaEvents, slaEventKey, type SlaDueEvent, type SlaEventKind } from './dueEvents';
