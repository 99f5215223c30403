export {
  escalationStepSchema,
  escalationLadderSchema,
  defaultEscalationLadder,
  nextStep,
  describeStep,
  describeEscalation,
  type EscalationStep,
  type EscalationLadder,
  type NextStep,
} from './ladder';
export {
  technicalVehicleSchema,
  technicalEntitlementsSchema,
  chooseVehicle,
  type TechnicalVehicle,
  type VehicleChoice,
  type VehicleInput,
} from './vehicle';
export {
  servicesSeveritySchema,
  partnerCenterSeveritySchema,
  azureSupportTicketSeveritySchema,
  microsoftSeveritySchema,
  microsoftSeverityTable,
  usesPartnerCenterSeverity,
  toMicrosoftSeverity,
  isSeverityOnVehicleScale,
  type MicrosoftSeverity,
} from './microsoftSeverity';
export {
  microsoftResponseTargetSchema,
  microsoftResponseTargetsSchema,
  defaultMicrosoftResponseTargets,
  microsoftResponseTarget,
  microsoftBusinessHours,
  microsoftResponseDueAt,
  type MicrosoftResponseTarget,
  type MicrosoftResponseTargets,
  type MicrosoftResponseDueInput,
} from './responseTargets';
export {
  escalationStatusSchema,
  microsoftResponseSchema,
  escalationSchema,
  escalationContactSchema,
  escalationRequestedMessageSchema,
  type EscalationStatus,
  type MicrosoftResponse,
  type Escalation,
  type EscalationContact,
  type EscalationRequestedMessage,
} from './escalation';
