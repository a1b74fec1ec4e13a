// Suggestion reasons arrive as codes with a raw `detail` (a language code, an availability code, a commune…);
// codes we know are translated, anything else is shown as the coordinator typed it.
import type { SuggestionView } from '$shared/schemas';
import { LOCALES } from '$shared/codes';

const AVAILABILITY = ['weekday_day', 'weekday_evening', 'weekend'];
type Translate = (key: string) => string;

export function reasonValues(reason: SuggestionView['reasons'][number], t: Translate): Record<string, string> {
  const detail = reason.detail ?? '';
  if (reason.code === 'shared_language' && (LOCALES as readonly string[]).includes(detail)) {
    return { detail: t(`languages.name.${detail}`) };
  }
  if (reason.code === 'shared_availability' && AVAILABILITY.includes(detail)) {
    return { detail: t(`availability.${detail}`) };
  }
  return { detail };
}
