/**
 * The demo's users of an ad platform, generated from a seed so every run tells the same story.
 *
 * Two eras. Before the shift ("v1"), buyers are older, frequent visitors with big baskets and ad clicks mean
 * little. After it ("v2") the audience is younger, mobile, clicks far more ads and comes from other countries — and
 * a new ad format makes ad clicks the strongest sign of a purchase while age now works the other way. A model
 * fitted before the shift therefore gets the new users wrong; one retrained on the new data does not.
 */

import { Random } from '@ferry/ml';

/** One user as the dataset and the deployments see them. */
export interface User {
  age: number;
  sessions_per_week: number;
  avg_order_value: number;
  ad_clicks: number;
  country: string;
  device: string;
}

/** A user with the ground truth the dataset carries. */
export interface LabelledUser extends User {
  purchased: number;
}

export type Era = 'v1' | 'v2';

/** The model inputs, in dataset order. */
export const FEATURES = ['age', 'sessions_per_week', 'avg_order_value', 'ad_clicks', 'country', 'device'] as const;
export const TARGET = 'purchased';

/** What the shift changes in the live population (the features a drift alert should name). */
export const SHIFTED_FEATURES = ['age', 'ad_clicks', 'country', 'device'] as const;

interface Population {
  ageMean: number;
  ageSd: number;
  clicksBase: number;
  clicksPerSession: number;
  countries: Array<[string, number]>;
  devices: Array<[string, number]>;
}

const POPULATIONS: Record<Era, Population> = {
  v1: {
    ageMean: 42,
    ageSd: 12,
    clicksBase: 1,
    clicksPerSession: 0.15,
    countries: [
      ['US', 0.35],
      ['DE', 0.2],
      ['GB', 0.15],
      ['FR', 0.15],
      ['BR', 0.1],
      ['IN', 0.05],
    ],
    devices: [
      ['desktop', 0.45],
      ['mobile', 0.45],
      ['tablet', 0.1],
    ],
  },
  v2: {
    ageMean: 26,
    ageSd: 6,
    clicksBase: 3,
    clicksPerSession: 0.4,
    countries: [
      ['BR', 0.3],
      ['IN', 0.3],
      ['US', 0.2],
      ['DE', 0.1],
      ['GB', 0.05],
      ['FR', 0.05],
    ],
    devices: [
      ['mobile', 0.8],
      ['desktop', 0.15],
      ['tablet', 0.05],
    ],
  },
};

/** The log-odds of a purchase: the relation the models have to learn, different in each era. */
function purchaseLogit(user: User, era: Era): number {
  const basket = (Math.log(user.avg_order_value) - 3.9) / 0.5;
  if (era === 'v1') {
    return (
      -0.4 +
      0.9 * ((user.age - 42) / 12) +
      0.8 * ((user.sessions_per_week - 5) / 2) +
      0.6 * basket -
      0.5 * ((user.ad_clicks - 2) / 1.5) +
      (user.device === 'desktop' ? 0.4 : 0)
    );
  }
  return (
    -0.2 +
    1.6 * ((user.ad_clicks - 6) / 2.5) -
    0.9 * ((user.age - 26) / 6) +
    0.2 * ((user.sessions_per_week - 5) / 2) +
    0.3 * basket +
    (user.country === 'BR' || user.country === 'IN' ? 0.5 : 0)
  );
}

/** The draws the generator needs, over the seeded generator of Ferry's trainers (`@ferry/ml`). */
export class SeededRandom {
  private readonly random: Random;

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.random.next();
  }

  normal(mean: number, sd: number): number {
    return mean + sd * this.random.normal();
  }

  /** Knuth's method: fine for the small means used here. */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k += 1;
      p *= this.next();
    }
    return k;
  }

  pick(weighted: Array<[string, number]>): string {
    let u = this.next();
    for (const [value, weight] of weighted) {
      u -= weight;
      if (u < 0) {
        return value;
      }
    }
    return weighted[weighted.length - 1]![0];
  }
}

/** One user of an era's population (features only). */
export function drawUser(random: SeededRandom, era: Era): User {
  const population = POPULATIONS[era];
  const sessions = 1 + random.poisson(4);
  return {
    age: Math.round(Math.min(80, Math.max(18, random.normal(population.ageMean, population.ageSd)))),
    sessions_per_week: sessions,
    avg_order_value: Math.round(Math.exp(random.normal(3.9, 0.5)) * 100) / 100,
    ad_clicks: random.poisson(population.clicksBase + population.clicksPerSession * sessions),
    country: random.pick(population.countries),
    device: random.pick(population.devices),
  };
}

/** `count` users of an era with whether each purchased, drawn from the era's relation. */
export function drawLabelledUsers(random: SeededRandom, era: Era, count: number): LabelledUser[] {
  const users: LabelledUser[] = [];
  for (let i = 0; i < count; i++) {
    const user = drawUser(random, era);
    const p = 1 / (1 + Math.exp(-purchaseLogit(user, era)));
    users.push({ ...user, purchased: random.next() < p ? 1 : 0 });
  }
  return users;
}

/** Users as CSV with a header row, the way the registry takes datasets (without `purchased` for unlabelled users). */
export function toCsv(users: ReadonlyArray<User | LabelledUser>): string {
  const columns = users.length > 0 && TARGET in users[0]! ? [...FEATURES, TARGET] : [...FEATURES];
  const lines = [columns.join(',')];
  for (const user of users) {
    lines.push(columns.map((column) => String((user as unknown as Record<string, unknown>)[column])).join(','));
  }
  return `${lines.join('\n')}\n`;
}
