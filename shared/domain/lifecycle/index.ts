export { caseStatusSchema, caseActorSchema, isReopen, type CaseStatus, type CaseActor } from './caseStatus';
export {
  allowedTransitions,
  transition,
  defaultReopenWindowDays,
  type TransitionContext,
  type TransitionResult,
  type TransitionRefusalCode,
} from './transitions';
export { slaClockEffect, type SlaClockEffect } from './slaClock';
