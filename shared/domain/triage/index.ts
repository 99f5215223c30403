export {
  triageScopeSchema,
  triageFieldSchema,
  keywordConditionSchema,
  triageConditionsSchema,
  triageSetSchema,
  triageRuleSchema,
  triageRulesSchema,
  type TriageScope,
  type TriageField,
  type KeywordCondition,
  type TriageConditions,
  type TriageSet,
  type TriageRule,
  type TriageRuleInput,
  type TriageRules,
} from './rules';
export {
  triage,
  triageRequestSchema,
  escalationVehicleKindSchema,
  triageExplanationEntrySchema,
  triageDecisionSchema,
  builtInTriageFallback,
  type TriageRequest,
  type EscalationVehicleKind,
  type TriageExplanationEntry,
  type TriageDecision,
} from './triage';
export { defaultTriageRules } from './defaultRules';
export { matchesKeyword, triageText } from './keywordMatch';
export {
  labelledRequestSchema,
  measuredFields,
  measureTriageAccuracy,
  type LabelledRequest,
  type MeasuredField,
  type TriageAccuracy,
  type TriageMiss,
  type TriageAccuracyReport,
} from './accuracy';
