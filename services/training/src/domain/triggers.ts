import type { DatasetVersionPayload, DriftDetectedPayload } from '@ferry/contracts';

import { SYSTEM_ACTOR } from './access';
import { parseCron } from './cron';
import type { PipelineStore } from './ports';
import type { TrainingRun } from './run';
import type { TrainingRuns } from './runs';

/**
 * Continuous training: new dataset versions, drift alerts and cron schedules start runs of the pipelines that ask
 * for them; each run records what triggered it.
 */
export class Triggers {
  constructor(
    private readonly pipelines: PipelineStore,
    private readonly runs: TrainingRuns,
  ) {}

  /** A new version of a dataset: every unpinned pipeline on it with `onNewDatasetVersion`. */
  async datasetVersionCreated(version: DatasetVersionPayload): Promise<TrainingRun[]> {
    const started: TrainingRun[] = [];
    for (const pipeline of await this.pipelines.onNewVersionOf(version.datasetName)) {
      started.push(
        await this.runs.triggerPipeline(
          pipeline,
          {
            kind: 'dataset_version',
            detail: { datasetName: version.datasetName, datasetVersionId: version.id, version: version.version },
          },
          SYSTEM_ACTOR,
        ),
      );
    }
    return started;
  }

  /** A deployment started drifting: every pipeline with `onDriftOf` that deployment (stopping drifting starts none). */
  async driftDetected(drift: DriftDetectedPayload): Promise<TrainingRun[]> {
    if (!drift.drifting) {
      return [];
    }
    const started: TrainingRun[] = [];
    for (const pipeline of await this.pipelines.onDriftOf(drift.deployment)) {
      started.push(
        await this.runs.triggerPipeline(
          pipeline,
          {
            kind: 'drift',
            detail: {
              deployment: drift.deployment,
              reportId: drift.reportId,
              driftedFeatures: drift.driftedFeatures,
              windowEnd: drift.windowEnd,
            },
          },
          SYSTEM_ACTOR,
        ),
      );
    }
    return started;
  }

  /**
   * Fires the schedules due at `now`. Each due schedule is moved to its next time with a compare-and-set, so when
   * several replicas tick together exactly one of them starts the run; a schedule missed while no replica ran fires
   * once, not once per missed time.
   */
  async tick(now: Date): Promise<TrainingRun[]> {
    const started: TrainingRun[] = [];
    for (const pipeline of await this.pipelines.scheduledBy(now)) {
      const due = pipeline.nextScheduledAt;
      if (due === null || pipeline.triggers.schedule === null) {
        continue;
      }
      const next = parseCron(pipeline.triggers.schedule).next(now);
      if (!(await this.pipelines.advanceSchedule(pipeline.id, due, next))) {
        continue;
      }
      started.push(
        await this.runs.triggerPipeline(
          pipeline,
          { kind: 'schedule', detail: { schedule: pipeline.triggers.schedule, scheduledFor: due.toISOString() } },
          SYSTEM_ACTOR,
        ),
      );
    }
    return started;
  }
}
