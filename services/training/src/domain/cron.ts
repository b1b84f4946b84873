/**
 * A 5-field cron schedule (minute hour day-of-month month day-of-week), evaluated in UTC. Fields take `*`, numbers,
 * ranges `a-b`, steps `*\/n` and `a-b/n`, and lists `a,b-c`; months and weekdays also take names (`jan`, `mon`);
 * day-of-week 0 and 7 are Sunday. As in Vixie cron, when both day fields are restricted a day matching either runs.
 * `@hourly`, `@daily` (`@midnight`), `@weekly`, `@monthly`, `@yearly` (`@annually`) are shorthands.
 */
export interface CronSchedule {
  readonly expression: string;
  /** The first time strictly after `after` (to the minute) that the schedule fires. */
  next(after: Date): Date;
}

/** A cron expression that cannot be parsed; the message says which field and why. */
export class CronError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronError';
  }
}

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const MACROS: Readonly<Record<string, string>> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

/** Parses a cron expression; throws CronError naming the field at fault. */
export function parseCron(expression: string): CronSchedule {
  const text = expression.trim();
  const expanded = MACROS[text.toLowerCase()] ?? text;
  const parts = expanded.split(/\s+/).filter((part) => part !== '');
  if (parts.length !== 5) {
    throw new CronError(`expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  }
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]!));
  const [minutes, hours, days, months, weekdays] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  if (weekdays.has(7)) {
    weekdays.add(0);
  }
  const dayRestricted = parts[2] !== '*';
  const weekdayRestricted = parts[4] !== '*';
  const dayMatches = (date: Date): boolean => {
    const dom = days.has(date.getUTCDate());
    const dow = weekdays.has(date.getUTCDay());
    if (dayRestricted && weekdayRestricted) {
      return dom || dow;
    }
    return dom && dow;
  };
  return {
    expression: text,
    next(after: Date): Date {
      const t = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
      // Five years hold every date a valid schedule can name (29 February included); "0 0 30 2 *" never fires.
      const limit = after.getTime() + 5 * 366 * 24 * 3600 * 1000;
      while (t.getTime() <= limit) {
        if (!months.has(t.getUTCMonth() + 1)) {
          t.setUTCMonth(t.getUTCMonth() + 1, 1);
          t.setUTCHours(0, 0, 0, 0);
        } else if (!dayMatches(t)) {
          t.setUTCDate(t.getUTCDate() + 1);
          t.setUTCHours(0, 0, 0, 0);
        } else if (!hours.has(t.getUTCHours())) {
          t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
        } else if (!minutes.has(t.getUTCMinutes())) {
          t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
        } else {
          return t;
        }
      }
      throw new CronError(`"${text}" never fires`);
    },
  };
}

/** Parses a cron expression and checks it fires at all; throws CronError otherwise. */
export function validCron(expression: string): CronSchedule {
  const schedule = parseCron(expression);
  schedule.next(new Date(Date.UTC(2000, 0, 1)));
  return schedule;
}

function parseField(text: string, rule: FieldRule): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') {
      throw new CronError(`${rule.name}: empty list item in "${text}"`);
    }
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined) {
      throw new CronError(`${rule.name}: "${item}" has more than one "/"`);
    }
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
        throw new CronError(`${rule.name}: step "${stepText}" must be a positive integer`);
      }
      step = Number(stepText);
    }
    let low: number;
    let high: number;
    if (range === '*') {
      low = rule.min;
      high = rule.max === 7 ? 6 : rule.max;
    } else {
      const bounds = (range ?? '').split('-');
      if (bounds.length > 2) {
        throw new CronError(`${rule.name}: "${range}" is not a value or a range`);
      }
      low = valueOf(bounds[0]!, rule);
      high = bounds.length === 2 ? valueOf(bounds[1]!, rule) : stepText === undefined ? low : rule.max;
      if (low > high) {
        throw new CronError(`${rule.name}: range "${range}" runs backwards`);
      }
    }
    for (let v = low; v <= high; v += step) {
      values.add(v);
    }
  }
  return values;
}

function valueOf(text: string, rule: FieldRule): number {
  const named = rule.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) {
    return rule.min === 1 ? named + 1 : named;
  }
  if (!/^\d+$/.test(text)) {
    throw new CronError(`${rule.name}: "${text}" is not a number${rule.names === undefined ? '' : ' or a name'}`);
  }
  const value = Number(text);
  if (value < rule.min || value > rule.max) {
    throw new CronError(`${rule.name}: ${value} is outside ${rule.min}–${rule.max}`);
  }
  return value;
}
