// Suggestion reasons arrive as codes with a raw `detail`: one value or a comma-separated list (languages
// "fr, nl", availability "weekend, weekday_evening", or free text such as a commune). Known codes inside it are
// translated; anything else is shown as the coordinator or member typed it.
import type { SuggestionView } from '$shared/schemas';
import { LOCALES } from '../../shared/codes'; // relative: unit tests run without SvelteKit's aliases

const AVAILABILITY = ['weekday_day', 'weekday_evening', 'weekend'];
type Translate = (key: string) => string;

function translateItem(code: SuggestionView['reasons'][number]['code'], item: string, t: Translate): string {
  if (code === 'shared_language' && (LOCALES as readonly string[]).includes(item)) return t(`languages.name.${item}`);
  if (code === 'shared_availability' && AVAILABILITY.includes(item)) return t(`availability.${item}`);
  return item;
}

export function reasonValues(reason: SuggestionView['reasons'][number], t: Translate): Record<string, string> {
  const detail = reason.detail ?? '';
  if (reason.code !== 'shared_language' && reason.code !== 'shared_availability') return { detail };
  const items = detail.split(',').map((s) => s.trim()).filter(Boolean);
  return { detail: items.map((item) => translateItem(reason.code, item, t)).join(', ') };
}
