import { Random } from '@ferry/ml';

/** A user of an ad platform, as the examples and the quick start use them. */
export interface AdUser {
  age: number;
  sessions_per_week: number;
  avg_order_value: number;
  ad_clicks: number;
  country: string;
  device: string;
  purchased?: number;
}

/** Who the users are (the inputs' distribution) and how they decide (the label's relation to the inputs). */
export interface Population {
  ageMean: number;
  ageStd: number;
  clicksMean: number;
  countries: Record<string, number>;
  devices: Record<string, number>;
  /** Log-odds of a purchase for a user. */
  logit: (user: AdUser) => number;
}

const COUNTRY_EFFECT: Record<string, number> = { US: 0.3, DE: 0, FR: -0.2, BR: 0.4, IN: 0.1 };
const DEVICE_EFFECT: Record<string, number> = { mobile: 0.3, desktop: 0, tablet: -0.2 };

/** Last quarter's users: clicks and order value drive purchases. */
export const BASELINE: Population = {
  ageMean: 38,
  ageStd: 10,
  clicksMean: 3,
  countries: { US: 0.4, DE: 0.2, FR: 0.15, BR: 0.15, IN: 0.1 },
  devices: { mobile: 0.55, desktop: 0.35, tablet: 0.1 },
  logit: (u) =>
    -3.2 +
    0.45 * u.ad_clicks +
    0.015 * u.avg_order_value +
    0.12 * u.sessions_per_week -
    0.03 * (u.age - 38) +
    (COUNTRY_EFFECT[u.country] ?? 0) +
    (DEVICE_EFFECT[u.device] ?? 0),
};

/** This quarter's users: younger, clicking more, mostly on mobile, and clicks no longer mean buying. */
export const SHIFTED: Population = {
  ageMean: 25,
  ageStd: 5,
  clicksMean: 8,
  countries: { US: 0.15, DE: 0.1, FR: 0.1, BR: 0.35, IN: 0.3 },
  devices: { mobile: 0.85, desktop: 0.1, tablet: 0.05 },
  logit: (u) =>
    -0.4 -
    0.25 * (u.ad_clicks - 8) +
    0.02 * u.avg_order_value -
    0.08 * (u.age - 25) -
    (u.device === 'mobile' ? 0.6 : 0),
};

function pick(random: Random, weights: Record<string, number>): string {
  let u = random.next() * Object.values(weights).reduce((a, b) => a + b, 0);
  for (const [name, weight] of Object.entries(weights)) {
    u -= weight;
    if (u <= 0) {
      return name;
    }
  }
  return Object.keys(weights)[0] ?? '';
}

function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random.next();
  while (p > limit) {
    k += 1;
    p *= random.next();
  }
  return k;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** `count` users of a population, seeded: the same seed gives the same users. Labels drawn from its logit. */
export function generateUsers(population: Population, count: number, seed: number, labelled = true): AdUser[] {
  const random = new Random(seed);
  const users: AdUser[] = [];
  for (let i = 0; i < count; i += 1) {
    const user: AdUser = {
      age: Math.max(16, Math.round(population.ageMean + population.ageStd * random.normal())),
      sessions_per_week: round(Math.max(0, 4 + 2.5 * random.normal()), 1),
      avg_order_value: round(Math.exp(3.6 + 0.5 * random.normal()), 2),
      ad_clicks: poisson(random, population.clicksMean),
      country: pick(random, population.countries),
      device: pick(random, population.devices),
    };
    const purchase = random.next() < 1 / (1 + Math.exp(-population.logit(user))) ? 1 : 0;
    if (labelled) {
      user.purchased = purchase;
    }
    users.push(user);
  }
  return users;
}

/** Users as CSV with a header row. */
export function toCsv(users: readonly AdUser[]): string {
  const columns = Object.keys(users[0] ?? {});
  return `${[columns.join(','), ...users.map((user) => columns.map((c) => String(user[c as keyof AdUser])).join(','))].join('\n')}\n`;
}
