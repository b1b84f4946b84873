import { Random, Table } from '../../src';

/** Rounds to float32, so the values the ONNX model receives are exactly those the TypeScript model sees. */
const f32 = Math.fround;

/** Gaussian blobs: `centers` centres uniform in [−box, box]^dims, `perCluster` rows each with unit spread. */
export function blobs(
  seed: number,
  options: { centers: number; dims: number; perCluster: number; box: number },
): { table: Table; truth: Int32Array } {
  const random = new Random(seed);
  const centres = Array.from({ length: options.centers }, () =>
    Array.from({ length: options.dims }, () => (2 * random.next() - 1) * options.box),
  );
  const n = options.centers * options.perCluster;
  const columns = Array.from({ length: options.dims }, () => new Float64Array(n));
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % options.centers;
    truth[i] = c;
    for (let j = 0; j < options.dims; j++) {
      columns[j]![i] = f32(centres[c]![j]! + random.normal());
    }
  }
  return { table: Table.fromColumns(Object.fromEntries(columns.map((values, j) => [`x${j}`, values]))), truth };
}

/** Rows x ~ N(0, I) of a known linear-softmax model: returns the table (target "y"), and the true class probabilities. */
export function softmaxData(
  seed: number,
  n: number,
  weights: number[][],
  intercepts: number[],
  classes: string[] | number[],
): { table: Table; probabilities: Float64Array } {
  const random = new Random(seed);
  const d = weights[0]!.length;
  const k = classes.length;
  const columns = Array.from({ length: d }, () => new Float64Array(n));
  const labels: Array<string | number> = [];
  const probabilities = new Float64Array(n * k);
  const logits = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      columns[j]![i] = f32(random.normal());
    }
    // Two classes use the sigmoid of one weight row (class 1 against class 0): weights has one row then.
    for (let c = 0; c < weights.length; c++) {
      logits[c] = intercepts[c]! + weights[c]!.reduce((sum, w, j) => sum + w * columns[j]![i]!, 0);
    }
    if (weights.length === 1) {
      logits[1] = logits[0]!;
      logits[0] = 0;
    }
    const top = Math.max(...logits);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      sum += Math.exp(logits[c]! - top);
    }
    let u = random.next();
    let label = k - 1;
    for (let c = 0; c < k; c++) {
      const p = Math.exp(logits[c]! - top) / sum;
      probabilities[i * k + c] = p;
      if (u < p && label === k - 1) {
        label = c;
      }
      u -= p;
    }
    labels.push(classes[label]!);
  }
  const data: Record<string, Float64Array | Array<string | number>> = Object.fromEntries(
    columns.map((values, j) => [`x${j}`, values]),
  );
  data['y'] = labels;
  return { table: Table.fromColumns(data as Record<string, Float64Array>), probabilities };
}

const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'ES', 'IT', 'NL', 'SE', 'PL', 'BR', 'MX', 'CA', 'JP', 'KR', 'IN', 'AU'];
const RARE = Array.from({ length: 12 }, (_, i) => `R${i}`);
const DEVICES = ['mobile', 'desktop', 'tablet'];

/**
 * Shop customers with mixed columns: age, sessions_per_week, avg_order_value, ad_clicks (numeric), country (16
 * common + 12 rare countries, so top-k 20 leaves some to "other"), device, and the targets purchased (yes/no, from a
 * logistic model), segment (0/1/2) and spend (linear plus noise). `missing` is the share of missing cells per
 * feature; `unseen` the share of countries and devices never seen in training.
 */
export function customers(seed: number, n: number, options: { missing?: number; unseen?: number } = {}): Table {
  const random = new Random(seed);
  const missing = options.missing ?? 0;
  const unseen = options.unseen ?? 0;
  const numeric = (x: number): number => (random.next() < missing ? Number.NaN : f32(x));
  const pick = (values: string[], weights: (i: number) => number): string => {
    const total = values.reduce((sum, _, i) => sum + weights(i), 0);
    let u = random.next() * total;
    for (let i = 0; i < values.length; i++) {
      u -= weights(i);
      if (u < 0) {
        return values[i]!;
      }
    }
    return values[values.length - 1]!;
  };
  const columns = {
    age: new Float64Array(n),
    sessions_per_week: new Float64Array(n),
    avg_order_value: new Float64Array(n),
    ad_clicks: new Float64Array(n),
    country: new Array<string | null>(n),
    device: new Array<string | null>(n),
    purchased: new Array<string>(n),
    segment: new Array<number>(n),
    spend: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const age = 18 + Math.min(62, Math.abs(random.normal() * 14 + 22));
    const sessions = Math.round(Math.abs(random.normal() * 3 + 4));
    const order = Math.exp(3.5 + 0.6 * random.normal());
    const clicks = Math.floor(random.next() * 12);
    const country = random.next() < 0.2 ? pick(RARE, () => 1) : pick(COUNTRIES, (j) => 1 / (j + 1));
    const device = pick(DEVICES, (j) => [5, 3, 1][j]!);
    const countryEffect = country === 'US' ? 0.8 : country === 'DE' ? 0.4 : country.startsWith('R') ? -0.6 : 0;
    const deviceEffect = device === 'desktop' ? 0.5 : device === 'tablet' ? -0.3 : 0;
    const z =
      -2 + 0.03 * (age - 40) + 0.25 * sessions + 0.01 * (order - 40) + 0.1 * clicks + countryEffect + deviceEffect;
    columns.purchased[i] = random.next() < 1 / (1 + Math.exp(-z)) ? 'yes' : 'no';
    columns.segment[i] = sessions > 6 ? 2 : order > 40 ? 1 : 0;
    columns.spend[i] = f32(
      5 + 0.8 * sessions + 0.05 * order + 0.2 * clicks + 2 * countryEffect + deviceEffect + random.normal(),
    );
    columns.age[i] = numeric(age);
    columns.sessions_per_week[i] = numeric(sessions);
    columns.avg_order_value[i] = numeric(order);
    columns.ad_clicks[i] = numeric(clicks);
    columns.country[i] = random.next() < missing ? null : random.next() < unseen ? `NEW${random.int(5)}` : country;
    columns.device[i] = random.next() < missing ? null : random.next() < unseen ? 'smart-tv' : device;
  }
  return Table.fromColumns(columns);
}
