// Card and column colours as tints that keep the text's contrast (ink on a pale tint, a stronger edge to tell
// them apart; the colour is never the only cue: columns have titles, cards their text).
import type { CardColour } from '$shared/workshops/model';

export const TINT: Record<CardColour, string> = {
  yellow: 'bg-amber-50 border-amber-400',
  blue: 'bg-sky-50 border-sky-400',
  green: 'bg-emerald-50 border-emerald-400',
  pink: 'bg-pink-50 border-pink-400',
  purple: 'bg-violet-50 border-violet-400',
  orange: 'bg-orange-50 border-orange-400',
  grey: 'bg-slate-100 border-slate-400'
};

export const EDGE: Record<CardColour, string> = {
  yellow: 'border-t-amber-400',
  blue: 'border-t-sky-500',
  green: 'border-t-emerald-500',
  pink: 'border-t-pink-500',
  purple: 'border-t-violet-500',
  orange: 'border-t-orange-500',
  grey: 'border-t-slate-500'
};
