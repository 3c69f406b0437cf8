/** Business calendars and SLA clocks: pure functions, no database and no reading of the system clock. */
export {
  addBusinessMillis,
  businessMillisBetween,
  type Instant,
  isBusinessDay,
  isBusinessMoment,
  nextBusinessMoment,
} from './business-time.js';
export {
  type BusinessCalendar,
  type BusinessCalendarConfig,
  BusinessCalendarConfigError,
  createBusinessCalendar,
  DEFAULT_TIME_ZONE,
  DEFAULT_WORKING_DAYS,
  DEFAULT_WORKING_HOURS,
  GERMAN_FEDERAL_STATES,
  type GermanFederalState,
  validateBusinessCalendarConfig,
  WEEKDAYS,
  type Weekday,
  type WorkingInterval,
} from './calendar.js';
export { MAX_YEAR, MIN_YEAR, type PublicHoliday, publicHolidays } from './holidays.js';
export {
  AT_RISK_SHARE,
  computeSlaState,
  type SlaClockInput,
  type SlaPause,
  type SlaState,
  type SlaTargetState,
  type SlaTargetStatus,
} from './sla-clock.js';
