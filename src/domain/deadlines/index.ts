/** Public API of the deadline engine (pure; no I/O). */
export type {
  AtwHoliday,
  CalendarSettings,
  DueInput,
  DueResult,
  Extension,
  ExtensionCheck,
  ExtensionErrorCode,
  IsoDate,
  Suspension,
  Term,
  TermUnit,
} from './types.ts';
export {
  AMSTERDAM_TIME_ZONE,
  addDays,
  addMonths,
  compareDates,
  dayZero,
  daysBetween,
  isIsoDate,
  isRecordDate,
  isoWeekday,
  isWeekend,
  parseIsoDate,
  RECORD_DATE_MESSAGE,
  RECORD_DATE_YEARS,
} from './dates.ts';
export {
  addWorkingDays,
  atwHolidayName,
  atwHolidays,
  countWorkingDays,
  easterSunday,
  isAtwHoliday,
  isAtwRestDay,
  isClosedDay,
  isWorkingDay,
  nextAtwDay,
} from './calendar.ts';
export type { ExtensionCheckInput } from './engine.ts';
export {
  MAX_TERM_AMOUNT,
  addTerm,
  checkExtension,
  computeDue,
  daysLeft,
  isValidTerm,
  maxExtendedDue,
} from './engine.ts';
export { describeTerm, describeTermAsWritten, formatDutchDate } from './format.ts';
