/** The only source of "now" for domain and services, so time-dependent behaviour can be tested with a set clock. */
export interface Clock {
  now(): Date;
}
