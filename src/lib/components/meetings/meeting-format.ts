// A meeting's date and time as people read them: on the programme's clock (Brussels), in the reader's language,
// whatever the device's own time zone.
import type { Locale } from '$shared/codes';
import { MEETING_TIME_ZONE } from '$shared/meeting-views';

const INTL_TAGS: Record<Locale, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

/** "mardi 17 mars 2026 à 18:00". */
export function meetingWhen(startsAt: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_TAGS[locale], { dateStyle: 'full', timeStyle: 'short', timeZone: MEETING_TIME_ZONE }).format(new Date(startsAt));
}

/** "17 mars 2026". */
export function meetingDay(startsAt: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_TAGS[locale], { dateStyle: 'long', timeZone: MEETING_TIME_ZONE }).format(new Date(startsAt));
}
