/** Header and path names shared by the cluster controller and its node worker processes. */

/** Control routes of a worker live under this prefix (loopback, direct to the worker's port). */
export const CONTROL_PREFIX = '/__sessioncheck/';
/** The model clock (seconds) the request is evaluated at. */
export const CLOCK_HEADER = 'x-sessioncheck-clock';
/** Store round trips the node made while answering. */
export const TRIPS_HEADER = 'x-sessioncheck-trips';
/** Per-client records the node holds in memory after answering. */
export const LOCAL_HEADER = 'x-sessioncheck-local';
