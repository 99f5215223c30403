import { useEffect, useState } from 'preact/hooks';
import type { Language } from './i18n';

const locales: Record<Language, string> = { en: 'en-GB', de: 'de-DE' };

/** An instant as the agent reads it: in the browser's time zone (the agent's), in the console's language. */
export function formatInstant(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(locales[language], { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A length of time for a countdown: days and hours, hours and minutes, or minutes (never negative; callers say which way). */
export function formatDuration(milliseconds: number, language: Language): string {
  const minutes = Math.floor(Math.abs(milliseconds) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const unit = (value: number, name: 'day' | 'hour' | 'minute'): string =>
    new Intl.NumberFormat(locales[language], { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(value);
  if (days > 0) return `${unit(days, 'day')} ${unit(hours, 'hour')}`;
  if (hours > 0) return `${unit(hours, 'hour')} ${unit(rest, 'minute')}`;
  return unit(rest, 'minute');
}

/** The current time, updated every `intervalMs`: one timer per page drives every countdown on it. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
