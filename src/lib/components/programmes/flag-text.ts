// The words for a duo's flag, on the programme's list and on the coordinator's dashboard alike.
import type { DuoFlagReason } from '$shared/duo-flags';

type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

export function flagText(r: DuoFlagReason, t: Translate): string {
  return r.code === 'inactive'
    ? t('duoFlags.inactive', { values: { days: r.days } })
    : t('duoFlags.lowCheckins', { values: { role: t(`roles.${r.role}`), scores: r.scores.join(', ') } });
}
