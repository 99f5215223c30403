export * from './policy';
export * from './history';
export {
  evaluateSla,
  slaClockKey,
  type NotStartedSlaClock,
  type SlaClock,
  type SlaClockState,
  type SlaEvaluation,
  type SlaEvaluationInput,
  type SlaMetric,
  type StartedSlaClock,
} from './clocks';
export { dueSlaEvents, type SlaDueEvent, type SlaEventKind } from './dueEvents';
export {
  hasSlaEvent,
  sameSlaEvent,
  slaClockRefSchema,
  slaEventRecordFromLegacyKey,
  slaEventRecordSchema,
  storedSlaEventRecordSchema,
  type SlaClockRef,
  type SlaEventRecord,
} from './eventRecords';
