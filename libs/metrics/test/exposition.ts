// A strict reader of the Prometheus text exposition format 0.0.4, for the tests: it parses what the registry
// renders and throws, naming the line, on anything Prometheus would reject or misread. It is stricter than the
// format in one place: blank lines are refused, because the registry never writes them.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: string;
  help: string | undefined;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

/** Parses `text`, checking the format rules line by line and the histogram rules per series. */
export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  if (text === '') {
    return families;
  }
  if (!text.endsWith('\n')) {
    throw new Error('the exposition must end with a line feed');
  }
  const finished = new Set<string>();
  let current: Family | undefined;
  const enter = (name: string, lineNo: number): Family => {
    if (current?.name !== name) {
      if (finished.has(name)) {
        throw new Error(`line ${lineNo}: the lines of "${name}" are not contiguous`);
      }
      if (current !== undefined) {
        finished.add(current.name);
      }
      current = families.get(name) ?? { name, type: 'untyped', help: undefined, samples: [] };
      families.set(name, current);
    }
    return current;
  };

  text
    .slice(0, -1)
    .split('\n')
    .forEach((line, index) => {
      const lineNo = index + 1;
      const fail = (problem: string): never => {
        throw new Error(`line ${lineNo}: ${problem}: ${JSON.stringify(line)}`);
      };
      if (line === '') {
        fail('blank line');
      }
      const meta = /^# (HELP|TYPE) ([^ ]+) ?(.*)$/.exec(line);
      if (meta !== null) {
        const [, keyword, name, rest] = meta as unknown as [string, string, string, string];
        if (!METRIC_NAME.test(name)) {
          fail('bad metric name');
        }
        const family = enter(name, lineNo);
        if (family.samples.length > 0) {
          fail(`${keyword} after samples`);
        }
        if (keyword === 'HELP') {
          if (family.help !== undefined) {
            fail('second HELP');
          }
          family.help = unescape(rest, false, fail);
        } else {
          if (!TYPES.includes(rest) || family.type !== 'untyped') {
            fail('bad or second TYPE');
          }
          family.type = rest;
        }
        return;
      }
      if (line.startsWith('#')) {
        return;
      }
      const sample = parseSample(line, fail);
      enter(familyOf(sample.name, current), lineNo).samples.push(sample);
    });

  for (const family of families.values()) {
    checkFamily(family);
  }
  return families;
}

function familyOf(sampleName: string, current: Family | undefined): string {
  if (current?.type === 'histogram' || current?.type === 'summary') {
    for (const suffix of ['_bucket', '_sum', '_count']) {
      if (sampleName === current.name + suffix) {
        return current.name;
      }
    }
  }
  return sampleName;
}

function parseSample(line: string, fail: (problem: string) => never): Sample {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (nameMatch === null) {
    return fail('bad metric name');
  }
  const name = nameMatch[0];
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === '{') {
    at++;
    while (line[at] !== '}') {
      const labelMatch = /^([^=]*)="/.exec(line.slice(at));
      if (labelMatch === null || !LABEL_NAME.test(labelMatch[1]!)) {
        return fail('bad label name');
      }
      const label = labelMatch[1]!;
      if (label in labels) {
        fail(`label "${label}" repeated`);
      }
      at += labelMatch[0].length;
      let raw = '';
      while (line[at] !== '"') {
        if (at >= line.length) {
          fail('unterminated label value');
        }
        raw += line[at] === '\\' ? line[at++]! + (line[at++] ?? '') : line[at++]!;
      }
      labels[label] = unescape(raw, true, fail);
      at++;
      if (line[at] === ',') {
        at++;
      } else if (line[at] !== '}') {
        fail('expected "," or "}" after a label');
      }
    }
    at++;
  }
  const rest = line.slice(at);
  const valueMatch = /^ ([^ ]+)(?: (-?\d+))?$/.exec(rest);
  if (valueMatch === null) {
    return fail('expected one space, a value and an optional timestamp');
  }
  return { name, labels, value: parseValue(valueMatch[1]!, fail) };
}

function parseValue(text: string, fail: (problem: string) => never): number {
  if (text === '+Inf' || text === 'Inf') {
    return Infinity;
  }
  if (text === '-Inf') {
    return -Infinity;
  }
  if (text === 'NaN') {
    return NaN;
  }
  return FLOAT.test(text) ? Number(text) : fail(`bad value "${text}"`);
}

function unescape(raw: string, isLabelValue: boolean, fail: (problem: string) => never): string {
  return raw.replace(/\\(.?)/g, (_, c: string) => {
    if (c === '\\') {
      return '\\';
    }
    if (c === 'n') {
      return '\n';
    }
    if (c === '"' && isLabelValue) {
      return '"';
    }
    return fail(`bad escape "\\${c}"`);
  });
}

function seriesKey(labels: Record<string, string>, without?: string): string {
  return JSON.stringify(
    Object.entries(labels)
      .filter(([name]) => name !== without)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

function checkFamily(family: Family): void {
  const fail = (problem: string): never => {
    throw new Error(`${family.name}: ${problem}`);
  };
  const seen = new Set<string>();
  const suffixes = { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] }[family.type] ?? [''];
  const names = suffixes.map((suffix) => family.name + suffix);
  for (const sample of family.samples) {
    if (!names.includes(sample.name)) {
      fail(`sample "${sample.name}" does not belong to a ${family.type}`);
    }
    const key = sample.name + seriesKey(sample.labels);
    if (seen.has(key)) {
      fail(`series ${key} appears twice`);
    }
    seen.add(key);
    if (family.type === 'counter' && !(sample.value >= 0)) {
      fail(`counter value ${sample.value}`);
    }
  }
  if (family.type !== 'histogram') {
    return;
  }
  const series = new Map<string, Sample[]>();
  for (const sample of family.samples) {
    const key = seriesKey(sample.labels, sample.name.endsWith('_bucket') ? 'le' : undefined);
    series.set(key, [...(series.get(key) ?? []), sample]);
  }
  for (const [key, samples] of series) {
    const buckets = samples.filter((s) => s.name.endsWith('_bucket'));
    const sum = samples.find((s) => s.name.endsWith('_sum'));
    const count = samples.find((s) => s.name.endsWith('_count'));
    if (sum === undefined || count === undefined || buckets.length === 0) {
      fail(`series ${key} lacks _bucket, _sum or _count`);
    }
    let previous = { le: -Infinity, value: 0 };
    for (const bucket of buckets) {
      const le = bucket.labels['le'];
      if (le === undefined) {
        return fail(`a bucket of ${key} has no le`);
      }
      const bound = parseValue(le, fail);
      if (!(bound > previous.le) || !(bucket.value >= previous.value) || !Number.isInteger(bucket.value)) {
        fail(`buckets of ${key} are not increasing and cumulative at le="${le}"`);
      }
      previous = { le: bound, value: bucket.value };
    }
    if (previous.le !== Infinity || previous.value !== count!.value) {
      fail(`series ${key}: the last bucket must be le="+Inf" and equal _count`);
    }
  }
}
