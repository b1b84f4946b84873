import { ColumnSummary, TableSummary } from './column-summary';
import type { MonitorSettings, ReferenceChoice } from './monitor';
import { predictedValue } from './outputs';
import type { DatasetSource, MonitoringStore } from './ports';

/** What a window is compared with: feature summaries, and (for a past window) its predictions. */
export interface ReferenceSummary {
  features: TableSummary;
  predictions: ColumnSummary;
}

/** References kept in memory at once (each bounded like a window). */
const MAX_CACHED = 64;

/**
 * Resolves and caches references: the dataset version a model version was trained on (asked once per version),
 * dataset versions (streamed from the registry into bounded summaries) and past windows (rebuilt from the stored
 * rows). Everything a window close needs is prepared before its transaction; the close itself reads nothing.
 */
export class ReferenceLibrary {
  private readonly cache = new Map<string, ReferenceSummary>();
  private readonly lineage = new Map<string, string | null>();

  constructor(
    private readonly store: MonitoringStore,
    private readonly datasets: DatasetSource,
  ) {}

  /** The reference of a window of this model version, given the first window the version served. */
  choiceFor(
    settings: MonitorSettings,
    deployment: string,
    modelVersionId: string | null,
    firstWindowSeq: number,
  ): ReferenceChoice {
    if (settings.reference.kind !== 'training') {
      return settings.reference;
    }
    const trainedOn = modelVersionId === null ? null : (this.lineage.get(modelVersionId) ?? null);
    return trainedOn === null
      ? { kind: 'window', windowSeq: firstWindowSeq }
      : { kind: 'dataset', datasetVersionId: trainedOn };
  }

  /** Loads what `choiceFor` will answer for these versions (lineage, then the summaries), except the open window. */
  async prepare(
    settings: MonitorSettings,
    deployment: string,
    versions: Array<{ modelVersionId: string; firstWindowSeq: number }>,
    openWindowSeq: number,
  ): Promise<void> {
    for (const { modelVersionId, firstWindowSeq } of versions) {
      if (settings.reference.kind === 'training' && !this.lineage.has(modelVersionId)) {
        this.lineage.set(modelVersionId, await this.datasets.trainedOn(modelVersionId));
      }
      const choices = [this.choiceFor(settings, deployment, modelVersionId, firstWindowSeq)];
      choices.push({ kind: 'window', windowSeq: firstWindowSeq });
      for (const choice of choices) {
        if (!(choice.kind === 'window' && choice.windowSeq >= openWindowSeq)) {
          await this.load(choice, deployment, settings);
        }
      }
    }
  }

  /** A prepared reference (undefined when it has no rows, e.g. a window whose rows are gone). */
  prepared(choice: ReferenceChoice, deployment: string): ReferenceSummary | undefined {
    return this.cache.get(keyOf(choice, deployment));
  }

  /** Keeps a just-closed window's summaries as the reference it will be for later windows. */
  remember(choice: ReferenceChoice, deployment: string, summary: ReferenceSummary): void {
    this.put(keyOf(choice, deployment), summary);
  }

  /** Forgets a deployment's windows (after a failed transaction, or a new configuration). */
  forget(deployment: string): void {
    for (const key of [...this.cache.keys()]) {
      if (key.startsWith(`window:${deployment}:`)) {
        this.cache.delete(key);
      }
    }
  }

  private async load(choice: ReferenceChoice, deployment: string, settings: MonitorSettings): Promise<void> {
    const key = keyOf(choice, deployment);
    if (this.cache.has(key)) {
      return;
    }
    const summary: ReferenceSummary = { features: new TableSummary(), predictions: new ColumnSummary() };
    if (choice.kind === 'dataset') {
      await this.datasets.readRecords(choice.datasetVersionId, (records) => {
        for (const record of records) {
          summary.features.addRow(record);
        }
      });
    } else if (choice.kind === 'window') {
      await this.store.windowRows(deployment, choice.windowSeq, (rows) => {
        for (const row of rows) {
          summary.features.addRow(row.inputs);
          summary.predictions.add(predictedValue(row.outputs, settings));
        }
      });
    }
    this.put(key, summary);
  }

  private put(key: string, summary: ReferenceSummary): void {
    this.cache.delete(key);
    this.cache.set(key, summary);
    while (this.cache.size > MAX_CACHED) {
      this.cache.delete(this.cache.keys().next().value as string);
    }
  }
}

function keyOf(choice: ReferenceChoice, deployment: string): string {
  return choice.kind === 'dataset'
    ? `dataset:${choice.datasetVersionId}`
    : `window:${deployment}:${choice.kind === 'window' ? choice.windowSeq : 0}`;
}
