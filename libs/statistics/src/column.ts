import { isFiniteJsonNumber, jsonText, MISSING_TOKENS, parseBoolean, parseNumber } from './cells';
import { NumericStats } from './numeric';
import { CappedCounts, SpaceSaving, topFrequencies } from './top-k';
import type { CategoricalSummary, ColumnProfile, ColumnType } from './types';

/** Limits of a profile; they bound memory per column whatever the number of rows. */
export interface ProfileLimits {
  /** Distinct values counted exactly (numeric and string); also the most a categorical column may have. */
  distinctCap: number;
  /** Values listed in `frequencies`. */
  topValues: number;
  /** A categorical column has at most this many distinct values, or at most categoricalRatio of its values. */
  categoricalMaxDistinct: number;
  categoricalRatio: number;
  /** Rank error of the quantile sketches. */
  epsilon: number;
}

/**
 * One column through both passes. Pass 1 keeps every candidate type alive at once (numeric, boolean, string
 * counts) and drops a candidate at its first counter-example, so the type is known when pass 1 ends. Pass 2
 * only runs for what pass 1 cannot finish: histograms of numeric columns and top values of text columns with
 * more distinct values than the cap.
 */
export class ColumnStats {
  /** Non-missing values. */
  count = 0;
  private numeric: NumericStats | undefined;
  private booleanCandidate = true;
  private trues = 0;
  private falses = 0;
  private nested = false;
  private readonly strings: CappedCounts;
  private topK: SpaceSaving | undefined;
  private type: ColumnType = 'text';

  constructor(
    readonly name: string,
    private readonly limits: ProfileLimits,
  ) {
    this.numeric = new NumericStats(limits.distinctCap, limits.epsilon);
    this.strings = new CappedCounts(limits.distinctCap);
  }

  /** Pass 1: one CSV field. */
  addText(raw: string): void {
    const trimmed = raw.trim();
    if (MISSING_TOKENS.has(trimmed)) {
      return;
    }
    this.count++;
    // Categorical values are the field as written; numbers and booleans are read from the trimmed text.
    this.strings.add(raw);
    if (this.numeric !== undefined) {
      const x = parseNumber(trimmed);
      if (x === undefined) {
        this.numeric = undefined;
      } else {
        this.numeric.add(x);
      }
    }
    if (this.booleanCandidate) {
      this.countBoolean(parseBoolean(trimmed));
    }
  }

  /** Pass 1: one JSON value (undefined for a missing key). */
  addJson(value: unknown): void {
    if (value === null || value === undefined) {
      return;
    }
    this.count++;
    if (isFiniteJsonNumber(value)) {
      this.numeric?.add(value);
      this.booleanCandidate = false;
    } else {
      this.numeric = undefined;
      if (typeof value === 'boolean') {
        this.countBoolean(value);
      } else {
        this.booleanCandidate = false;
        this.nested ||= typeof value === 'object';
      }
    }
    // Stringifying costs; once the exact counts overflowed the strings are only needed by pass 2.
    if (!this.strings.overflowed) {
      this.strings.add(jsonText(value));
    }
  }

  /** Forgets the numeric values kept for small datasets: the dataset has more rows. */
  dropValues(): void {
    this.numeric?.dropValues();
  }

  /** Ends pass 1: fixes the type (README, "Type inference"); true when this column needs pass 2. */
  endFirstPass(bins: number): boolean {
    this.type = this.inferType();
    if (this.type === 'numeric') {
      if (this.numeric!.needsSecondPass) {
        this.numeric!.startHistogram(bins);
        return true;
      }
      return false;
    }
    this.numeric = undefined;
    if (this.type === 'text' && this.strings.overflowed) {
      this.topK = new SpaceSaving(this.limits.distinctCap);
      return true;
    }
    return false;
  }

  /** Pass 2: one CSV field; false when it does not fit what pass 1 saw (the data changed). */
  addTextAgain(raw: string): boolean {
    if (this.numeric !== undefined) {
      const trimmed = raw.trim();
      if (MISSING_TOKENS.has(trimmed)) {
        return true;
      }
      const x = parseNumber(trimmed);
      return x !== undefined && this.numeric.addToHistogram(x);
    }
    if (this.topK !== undefined && !MISSING_TOKENS.has(raw.trim())) {
      this.topK.add(raw);
    }
    return true;
  }

  /** Pass 2: one JSON value; false when it does not fit what pass 1 saw (the data changed). */
  addJsonAgain(value: unknown): boolean {
    if (value === null || value === undefined) {
      return true;
    }
    if (this.numeric !== undefined) {
      return isFiniteJsonNumber(value) && this.numeric.addToHistogram(value);
    }
    this.topK?.add(jsonText(value));
    return true;
  }

  /** The column's profile once all passes are done. */
  profile(rowCount: number, bins: number): ColumnProfile {
    const missing = rowCount - this.count;
    const profile: ColumnProfile = {
      name: this.name,
      type: this.type,
      nullable: missing > 0,
      count: this.count,
      missing,
    };
    if (this.type === 'numeric') {
      profile.numeric = this.numeric!.summary(bins);
    } else {
      profile.categorical = this.categorical();
    }
    return profile;
  }

  private countBoolean(value: boolean | undefined): void {
    if (value === undefined) {
      this.booleanCandidate = false;
    } else if (value) {
      this.trues++;
    } else {
      this.falses++;
    }
  }

  private inferType(): ColumnType {
    if (this.count === 0) {
      return 'text';
    }
    if (this.numeric !== undefined) {
      return 'numeric';
    }
    if (this.booleanCandidate) {
      return 'boolean';
    }
    if (this.nested || this.strings.overflowed) {
      return 'text';
    }
    const distinct = this.strings.distinct;
    const { categoricalMaxDistinct, categoricalRatio } = this.limits;
    return distinct <= categoricalMaxDistinct || distinct <= categoricalRatio * this.count ? 'categorical' : 'text';
  }

  private categorical(): CategoricalSummary {
    const { topValues, distinctCap } = this.limits;
    if (this.type === 'boolean') {
      const counts = new Map<string, number>();
      for (const [value, count] of [
        ['true', this.trues],
        ['false', this.falses],
      ] as const) {
        if (count > 0) {
          counts.set(value, count);
        }
      }
      return exactSummary(counts, this.count, topValues);
    }
    if (this.topK !== undefined) {
      const frequencies = this.topK.top(topValues);
      const listed = frequencies.reduce((sum, f) => sum + f.count, 0);
      return {
        distinct: distinctCap,
        distinctCapped: true,
        frequencies,
        otherCount: Math.max(0, this.count - listed),
        approximate: true,
        maxCountError: this.topK.maxError,
      };
    }
    return exactSummary(this.strings.counts ?? new Map<string, number>(), this.count, topValues);
  }
}

function exactSummary(counts: ReadonlyMap<string, number>, total: number, topValues: number): CategoricalSummary {
  const frequencies = topFrequencies(counts, topValues);
  const listed = frequencies.reduce((sum, f) => sum + f.count, 0);
  return { distinct: counts.size, distinctCapped: false, frequencies, otherCount: total - listed };
}
