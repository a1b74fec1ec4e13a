// The report's figures as labelled, formatted lines and chart series: the dashboard and the PDF both lay out
// exactly this, so a funder reads on paper what the coordinator saw on screen.
import type { Locale } from '../codes';
import { MEETING_BUCKETS, hours, type ProgrammeFigures } from './figures';
import { formatMonth, formatNumber, formatPercent } from './format';
import { OUTCOME_SITUATIONS } from './outcomes';

export type Words = (key: string, vars?: Record<string, string | number>) => string;

export interface FigureLine {
  key: string;
  label: string;
  value: string;
}
/** One bar chart: a label and a number per bar, the number also written out for the data table. */
export interface ChartSeries {
  key: string;
  title: string;
  /** The table's header for the values. */
  valueLabel: string;
  bars: { key: string; label: string; value: number; text: string }[];
  /** The highest value the axis shows (5 for scores). */
  max?: number;
}
export interface FigureSection {
  key: string;
  heading: string;
  lines: FigureLine[];
  charts: ChartSeries[];
}

export function figureSections(f: ProgrammeFigures, t: Words, locale: Locale): FigureSection[] {
  const n = (v: number, digits = 0) => formatNumber(locale, v, digits);
  const line = (key: string, label: string, value: string): FigureLine => ({ key, label, value });
  const d = f.duos;
  const outcomes = f.outcomes.map((o) => {
    const moment = t(`outcomes.moment.${o.moment}`);
    return [
      line(`outcomes.${o.moment}.recorded`, `${moment} — ${t('outcomes.recorded')}`, n(o.recorded)),
      line(`outcomes.${o.moment}.positive`, `${moment} — ${t('outcomes.positive')}`, n(o.positive)),
      line(`outcomes.${o.moment}.positiveRate`, `${moment} — ${t('outcomes.positiveRate')}`, formatPercent(locale, o.positiveRate))
    ];
  });
  return [
    {
      key: 'duos',
      heading: t('duos.heading'),
      lines: [
        ...(['inPeriod', 'formed', 'active', 'paused', 'completed', 'endedEarly', 'flaggedInactive'] as const).map((k) => line(`duos.${k}`, t(`duos.${k}`), n(d[k]))),
        line('completionRate', t('completionRate'), formatPercent(locale, f.completionRate))
      ],
      charts: [
        {
          key: 'status',
          title: t('duos.heading'),
          valueLabel: t('table.duos'),
          bars: (['active', 'paused', 'completed', 'endedEarly'] as const).map((k) => ({ key: k, label: t(`duos.${k}`), value: d[k], text: n(d[k]) }))
        }
      ]
    },
    {
      key: 'meetings',
      heading: t('meetings.heading'),
      lines: [
        line('meetings.held', t('meetings.held'), n(f.meetings.held)),
        line('meetings.planned', t('meetings.planned'), n(f.meetings.planned)),
        line('meetings.perDuo', t('meetings.perDuo'), f.meetings.perDuo === null ? '—' : n(f.meetings.perDuo, 1)),
        line('hours', t('hours'), n(hours(f.minutes), 1))
      ],
      charts: [
        {
          key: 'distribution',
          title: t('meetings.distribution'),
          valueLabel: t('table.duos'),
          bars: MEETING_BUCKETS.map((b) => {
            const v = f.meetings.distribution.find((x) => x.bucket === b)?.duos ?? 0;
            return { key: b, label: t(`meetings.bucket.${b}`), value: v, text: n(v) };
          })
        }
      ]
    },
    {
      key: 'workshops',
      heading: t('workshops.heading'),
      lines: [
        line('workshops.held', t('workshops.held'), n(f.workshops.held)),
        line('workshops.invited', t('workshops.invited'), n(f.workshops.invited)),
        line('workshops.present', t('workshops.present'), n(f.workshops.present)),
        line('workshops.rate', t('workshops.rate'), formatPercent(locale, f.workshops.attendanceRate))
      ],
      charts: []
    },
    {
      key: 'outcomes',
      heading: t('outcomes.heading'),
      lines: outcomes.flat(),
      charts: f.outcomes
        .filter((o) => o.recorded > 0)
        .map((o) => ({
          key: `outcomes.${o.moment}`,
          title: `${t('outcomes.heading')} — ${t(`outcomes.moment.${o.moment}`)}`,
          valueLabel: t('table.duos'),
          bars: OUTCOME_SITUATIONS.map((s) => ({ key: s, label: t(`outcomes.situation.${s}`), value: o.situations[s], text: n(o.situations[s]) }))
        }))
    },
    {
      key: 'checkins',
      heading: t('checkins.heading'),
      lines: f.checkins.length ? [] : [line('checkins.none', t('checkins.none'), '')],
      charts: f.checkins.length
        ? [
            {
              key: 'checkins',
              title: t('checkins.average'),
              valueLabel: t('checkins.average'),
              max: 5,
              bars: f.checkins.map((c) => ({ key: c.month, label: formatMonth(locale, c.month), value: c.average, text: n(c.average, 1) }))
            }
          ]
        : []
    }
  ];
}
