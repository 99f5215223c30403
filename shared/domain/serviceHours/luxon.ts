import type * as Luxon from 'luxon';

let luxon: typeof Luxon | undefined;

/**
 * luxon, loaded at its first use (a time zone check or a local-time conversion) rather than when the app loads: its
 * time zone and formatting code would cost every function's cold start. In the package this require loads a bundle of
 * its own (LAZY_PACKAGES in scripts/package.js).
 */
export function loadLuxon(): typeof Luxon {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  luxon ??= require('luxon') as typeof Luxon;
  return luxon;
}
