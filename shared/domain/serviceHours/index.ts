export * from './calendar';
export {
  aroundTheClockServiceHours,
  compileServiceHours,
  normaliseRanges,
  ServiceHoursNeverOpenError,
  type ServiceHours,
  type TimeRange,
} from './serviceHours';
