import { badInput } from '@ferry/contracts';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';

import type { DriftReport as Report, OperationalWindow as Operational } from '../domain/model';
import type { Monitoring } from '../domain/monitoring';
import type { MonitorSettings } from '../domain/monitor';
import type { RequestContext } from './context';
import {
  ConfigureMonitorInput,
  DriftReport,
  FeedbackInput,
  Monitor,
  OperationalWindow,
  Performance,
} from './monitor.type';

@Resolver()
export class MonitorResolver {
  constructor(private readonly monitoring: Monitoring) {}

  @Query(() => Monitor, { description: 'How a deployment is monitored, and where its open window stands.' })
  async monitor(@Arg('deployment', () => String) deployment: string): Promise<Monitor> {
    return this.toMonitor(await this.monitoring.settingsOf(deployment));
  }

  @Mutation(() => Monitor, { description: 'Sets how a deployment is monitored; unset fields keep their values.' })
  async configureMonitor(
    @Arg('input', () => ConfigureMonitorInput) input: ConfigureMonitorInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Monitor> {
    return this.toMonitor(await this.monitoring.configure(input, ctx.actor));
  }

  @Query(() => [DriftReport], { description: 'Drift reports of closed windows, newest first.' })
  async driftReports(
    @Arg('deployment', () => String) deployment: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('from', () => Date, { nullable: true }) from?: Date,
    @Arg('to', () => Date, { nullable: true }) to?: Date,
  ): Promise<DriftReport[]> {
    if (first !== undefined && first !== null && (first < 1 || first > 1000)) {
      throw badInput(`first must be from 1 to 1000, got ${first}`);
    }
    return (await this.monitoring.reports(deployment, { first: first ?? undefined, from, to })).map(toReport);
  }

  @Query(() => Performance, {
    description:
      'Realized metrics over labelled predictions (in [from, to), else the last `last`, default 10,000) and CBPE estimates.',
  })
  async performance(
    @Arg('deployment', () => String) deployment: string,
    @Arg('from', () => Date, { nullable: true }) from?: Date,
    @Arg('to', () => Date, { nullable: true }) to?: Date,
    @Arg('last', () => Int, { nullable: true }) last?: number,
  ): Promise<Performance> {
    const summary = await this.monitoring.performance(deployment, { from, to, last: last ?? undefined });
    const m = summary.metrics;
    return {
      deployment,
      task: summary.task,
      predictions: summary.predictions,
      labelled: summary.labelled,
      accuracy: m.accuracy ?? null,
      precision: m.precision ?? null,
      recall: m.recall ?? null,
      f1: m.f1 ?? null,
      logLoss: m.logLoss ?? null,
      rocAuc: m.rocAuc ?? null,
      mae: m.mae ?? null,
      rmse: m.rmse ?? null,
      r2: m.r2 !== undefined && Number.isFinite(m.r2) ? m.r2 : null,
      estimated: summary.estimated,
      unmatchedFeedback: summary.unmatchedFeedback,
    };
  }

  @Query(() => [OperationalWindow], {
    description: 'Throughput and latency per version and time bucket, newest first.',
  })
  async operationalMetrics(
    @Arg('deployment', () => String) deployment: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('from', () => Date, { nullable: true }) from?: Date,
    @Arg('to', () => Date, { nullable: true }) to?: Date,
  ): Promise<OperationalWindow[]> {
    return (await this.monitoring.operational(deployment, { first: first ?? undefined, from, to })).map(toOperational);
  }

  @Mutation(() => Boolean, {
    description: 'Attaches ground truth to a prediction (NOT_FOUND for an id monitoring has not seen).',
  })
  async recordFeedback(@Arg('input', () => FeedbackInput) input: FeedbackInput): Promise<boolean> {
    if (input.label === null || input.label === undefined) {
      throw badInput('label must not be null');
    }
    await this.monitoring.recordFeedback([{ predictionId: input.predictionId, label: input.label }], { strict: true });
    return true;
  }

  @Mutation(() => Int, {
    description:
      'Attaches ground truth to many predictions at once; answers how many. NOT_FOUND names the first unknown id, and then nothing is stored.',
  })
  async recordFeedbackBatch(@Arg('inputs', () => [FeedbackInput]) inputs: FeedbackInput[]): Promise<number> {
    if (inputs.length > 10_000) {
      throw badInput(`at most 10,000 feedback items per call, got ${inputs.length}`);
    }
    if (inputs.some((i) => i.label === null || i.label === undefined)) {
      throw badInput('label must not be null');
    }
    const result = await this.monitoring.recordFeedback(
      inputs.map((i) => ({ predictionId: i.predictionId, label: i.label })),
      { strict: true },
    );
    return result.matched;
  }

  private async toMonitor(settings: MonitorSettings): Promise<Monitor> {
    const open = await this.monitoring.openWindow(settings.deployment);
    const { drift, reference } = settings;
    return {
      deployment: settings.deployment,
      windowSize: settings.windowSize,
      windowSeconds: settings.windowSeconds,
      referenceKind: reference.kind,
      referenceDatasetVersionId: reference.kind === 'dataset' ? reference.datasetVersionId : null,
      referenceWindow: reference.kind === 'window' ? reference.windowSeq : null,
      methods: {
        defaults: drift.defaults,
        numeric: drift.numeric,
        categorical: drift.categorical,
        columns: drift.columns,
      },
      driftShare: drift.driftShare,
      task: settings.task,
      labelOutput: settings.labelOutput,
      probabilityOutput: settings.probabilityOutput,
      positiveClass: settings.positiveClass,
      performanceWindow: settings.performanceWindow,
      performanceThresholds: settings.performanceThresholds,
      updatedBy: settings.updatedBy,
      openWindow: open.windowSeq,
      openWindowRows: open.rows,
      drifting: open.drifting,
    };
  }
}

const feature = (r: {
  column: string;
  method: string;
  statistic: number;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
}) => ({
  name: r.column,
  method: r.method,
  statistic: r.statistic,
  pValue: r.pValue,
  threshold: r.threshold,
  drifted: r.drifted,
});

export function toReport(r: Report): DriftReport {
  return {
    id: r.id,
    deployment: r.deployment,
    window: r.windowSeq,
    windowStart: r.windowStart,
    windowEnd: r.windowEnd,
    rows: r.rows,
    modelVersion: r.modelVersion,
    referenceKind: r.reference.kind,
    referenceDatasetVersionId: r.reference.kind === 'dataset' ? r.reference.datasetVersionId : null,
    referenceWindow: r.reference.kind === 'window' ? r.reference.windowSeq : null,
    datasetDrift: r.datasetDrift,
    driftShare: r.driftShare,
    shareOfDriftedFeatures: r.shareOfDriftedColumns,
    features: r.features.map(feature),
    predictionDrift: r.predictionDrift === null ? null : feature(r.predictionDrift),
  };
}

function toOperational(o: Operational): OperationalWindow {
  const seconds = Math.max(1e-9, (o.windowEnd.getTime() - o.windowStart.getTime()) / 1000);
  return { ...o, throughput: o.requests / seconds };
}
