import {
  escapeHelp,
  formatLabelPairs,
  formatNumber,
  type Labels,
  validateLabelNames,
  validateMetricName,
} from './format';

export type MetricType = 'counter' | 'gauge' | 'histogram';

/**
 * What the three metric types share: validated names, and the lookup from label values to the child that holds
 * one series' numbers. Children are created on first use of a label set; after that, recording through a bound
 * child is a field update, and recording with a labels object walks Maps without building a key string.
 */
export abstract class Metric<C> {
  abstract readonly type: MetricType;
  readonly labelNames: readonly string[];
  // One Map level per label name; the last level holds the children. Comparing the label values one by one
  // instead of joining them into a key is what keeps the labels-object path free of string building.
  private readonly tree = new Map<string, unknown>();
  private unlabelled: C | undefined;
  // In creation order, so the output is stable without sorting; `pairs[i]` is the escaped label text of children[i].
  private readonly children: C[] = [];
  private readonly pairs: string[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly string[],
    reservedLabels: readonly string[] = [],
  ) {
    validateMetricName(name);
    if (typeof help !== 'string') {
      throw new Error(`${name}: help must be a string`);
    }
    this.labelNames = validateLabelNames(name, labelNames, reservedLabels);
  }

  /**
   * The child for these label values, in `labelNames` order, created on first use. Resolve it once and keep it:
   * the child's own methods are the cheap path.
   */
  labels(...values: string[]): C {
    const names = this.labelNames;
    if (values.length !== names.length) {
      throw new Error(
        `${this.name}: expected ${names.length} label values (${names.join(', ')}), got ${values.length}`,
      );
    }
    for (let i = 0; i < values.length; i++) {
      if (typeof values[i] !== 'string') {
        throw new Error(`${this.name}: the value of label "${names[i]}" must be a string, got ${typeof values[i]}`);
      }
    }
    if (names.length === 0) {
      return (this.unlabelled ??= this.add(values));
    }
    let node = this.tree;
    for (let i = 0; i < values.length - 1; i++) {
      let next = node.get(values[i]!) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map<string, unknown>();
        node.set(values[i]!, next);
      }
      node = next;
    }
    const last = values[values.length - 1]!;
    let child = node.get(last) as C | undefined;
    if (child === undefined) {
      child = this.add(values);
      node.set(last, child);
    }
    return child;
  }

  /** Drops the series of these label values; a child still held elsewhere keeps counting but is no longer rendered. */
  remove(...values: string[]): void {
    if (this.labelNames.length === 0) {
      this.reset();
      return;
    }
    let node: unknown = this.tree;
    for (let i = 0; i < values.length - 1 && node !== undefined; i++) {
      node = (node as Map<string, unknown>).get(values[i]!);
    }
    if (node === undefined || values.length !== this.labelNames.length) {
      return;
    }
    const leaf = node as Map<string, unknown>;
    const child = leaf.get(values[values.length - 1]!) as C | undefined;
    if (child !== undefined) {
      leaf.delete(values[values.length - 1]!);
      const index = this.children.indexOf(child);
      this.children.splice(index, 1);
      this.pairs.splice(index, 1);
    }
  }

  /** Drops every series, e.g. before a collect callback sets the current ones; held children are detached. */
  reset(): void {
    this.tree.clear();
    this.unlabelled = undefined;
    this.children.length = 0;
    this.pairs.length = 0;
  }

  /** Appends this metric's exposition lines, HELP and TYPE first (called by MetricsRegistry.render). */
  abstract renderTo(lines: string[]): void;

  protected abstract createChild(): C;

  /** The child for a labels object: Map lookups on the hot path, validation and creation only on a miss. */
  protected childOf(labels: Labels | undefined): C {
    const names = this.labelNames;
    if (names.length === 0) {
      if (labels !== undefined && countKeys(labels) !== 0) {
        throw new Error(`${this.name}: has no labels, got ${Object.keys(labels).join(', ')}`);
      }
      return this.unlabelled ?? this.labels();
    }
    if (labels === undefined) {
      throw new Error(`${this.name}: expected labels ${names.join(', ')}, got none`);
    }
    let node: unknown = this.tree;
    for (let i = 0; i < names.length && node !== undefined; i++) {
      // A missing label reads as undefined, misses the Map, and is reported by valuesOf below.
      node = (node as Map<string, unknown>).get(labels[names[i]!] as string);
    }
    // Counting the keys refuses an extra (e.g. misspelt) label instead of silently ignoring it.
    if (node !== undefined && countKeys(labels) === names.length) {
      return node as C;
    }
    return this.labels(...this.valuesOf(labels));
  }

  /** Renders a metric whose series each hold one number (counters, gauges): header, then `name{labels} value`. */
  protected renderSingleValues(lines: string[], valueOf: (child: C) => number): void {
    this.header(lines);
    this.forEachSeries((child, pairs) => {
      lines.push(`${this.name}${pairs === '' ? '' : `{${pairs}}`} ${formatNumber(valueOf(child))}`);
    });
  }

  protected header(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`);
  }

  /** Calls `render` for every series with its label text (`a="x",b="y"`, empty without labels). */
  protected forEachSeries(render: (child: C, pairs: string) => void): void {
    if (this.labelNames.length === 0 && this.unlabelled === undefined) {
      // A metric without labels has exactly one series, shown (as zero) before anything is recorded.
      this.labels();
    }
    for (let i = 0; i < this.children.length; i++) {
      render(this.children[i]!, this.pairs[i]!);
    }
  }

  private add(values: readonly string[]): C {
    const child = this.createChild();
    this.children.push(child);
    this.pairs.push(formatLabelPairs(this.labelNames, values));
    return child;
  }

  private valuesOf(labels: Labels): string[] {
    const names = this.labelNames;
    for (const key of Object.keys(labels)) {
      if (!names.includes(key)) {
        throw new Error(`${this.name}: unknown label "${key}", expected ${names.join(', ')}`);
      }
    }
    return names.map((name) => {
      const value = labels[name];
      if (value === undefined) {
        throw new Error(`${this.name}: missing label "${name}", expected ${names.join(', ')}`);
      }
      return value;
    });
  }
}

function countKeys(labels: Labels): number {
  let count = 0;
  // for…in rather than Object.keys: it counts without allocating an array on every call.
  for (const _key in labels) {
    count++;
  }
  return count;
}
