import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'How a deployment is monitored.' })
export class Monitor {
  @Field()
  deployment!: string;

  @Field(() => Int, { description: 'Rows (predictions) per window; 0: windows by time only.' })
  windowSize!: number;

  @Field(() => Int, { description: 'Seconds per window; 0: windows by count only.' })
  windowSeconds!: number;

  @Field({ description: "training (the live model version's training dataset, by lineage), dataset or window." })
  referenceKind!: string;

  @Field(() => ID, { nullable: true })
  referenceDatasetVersionId!: string | null;

  @Field(() => Int, { nullable: true })
  referenceWindow!: number | null;

  @Field(() => GraphQLJSON, {
    description: 'Method and threshold overrides: { defaults?, numeric?, categorical?, columns? }.',
  })
  methods!: unknown;

  @Field(() => Float, { description: 'Share of drifted columns from which the dataset drifts.' })
  driftShare!: number;

  @Field()
  task!: string;

  @Field(() => String, { nullable: true })
  labelOutput!: string | null;

  @Field(() => String, { nullable: true })
  probabilityOutput!: string | null;

  @Field(() => String, { nullable: true })
  positiveClass!: string | null;

  @Field(() => Int)
  performanceWindow!: number;

  @Field(() => GraphQLJSON)
  performanceThresholds!: unknown;

  @Field(() => String, { nullable: true, description: 'Who configured it last (the API key name).' })
  updatedBy!: string | null;

  @Field(() => Int, { description: "The open window's number." })
  openWindow!: number;

  @Field(() => Int, { description: 'Rows in the open window so far.' })
  openWindowRows!: number;

  @Field({ description: 'Whether the last closed window found dataset drift.' })
  drifting!: boolean;
}

@InputType()
export class ConfigureMonitorInput {
  @Field()
  deployment!: string;

  @Field(() => Int, { nullable: true, description: 'Rows (predictions) per window.' })
  windowSize?: number | null;

  @Field(() => Int, { nullable: true })
  windowSeconds?: number | null;

  @Field(() => ID, { nullable: true, description: 'Compare with this dataset version instead of the training data.' })
  referenceDatasetVersionId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Compare with this past window instead of the training data.' })
  referenceWindow?: number | null;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: '{ defaults?, numeric?, categorical?, columns?: { <column>: { method?, threshold? } } }.',
  })
  methods?: unknown;

  @Field(() => Float, { nullable: true })
  driftShare?: number | null;

  @Field(() => String, { nullable: true, description: 'auto, classification or regression.' })
  task?: string | null;

  @Field(() => String, { nullable: true })
  labelOutput?: string | null;

  @Field(() => String, { nullable: true })
  probabilityOutput?: string | null;

  @Field(() => String, { nullable: true })
  positiveClass?: string | null;

  @Field(() => Int, { nullable: true, description: 'Labelled predictions per performance check.' })
  performanceWindow?: number | null;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'Alert thresholds per metric, e.g. { "accuracy": 0.8, "rmse": 3 }.',
  })
  performanceThresholds?: unknown;
}

@ObjectType({ description: "One feature's verdict in a window." })
export class FeatureDrift {
  @Field()
  name!: string;

  @Field({ description: 'ks, chisquare, ztest, wasserstein, jensenshannon or psi.' })
  method!: string;

  @Field(() => Float, { description: 'The test statistic, or the distance.' })
  statistic!: number;

  @Field(() => Float, { nullable: true, description: 'For p-value methods (ks, chisquare, ztest).' })
  pValue!: number | null;

  @Field(() => Float)
  threshold!: number;

  @Field()
  drifted!: boolean;
}

@ObjectType({ description: 'The verdict of one closed window against its reference.' })
export class DriftReport {
  @Field(() => ID)
  id!: string;

  @Field()
  deployment!: string;

  @Field(() => Int)
  window!: number;

  @Field()
  windowStart!: Date;

  @Field()
  windowEnd!: Date;

  @Field(() => Int)
  rows!: number;

  @Field(() => Int, { nullable: true })
  modelVersion!: number | null;

  @Field({ description: 'self (this window is the reference), training, dataset or window.' })
  referenceKind!: string;

  @Field(() => ID, { nullable: true })
  referenceDatasetVersionId!: string | null;

  @Field(() => Int, { nullable: true })
  referenceWindow!: number | null;

  @Field()
  datasetDrift!: boolean;

  @Field(() => Float)
  driftShare!: number;

  @Field(() => Float)
  shareOfDriftedFeatures!: number;

  @Field(() => [FeatureDrift])
  features!: FeatureDrift[];

  @Field(() => FeatureDrift, {
    nullable: true,
    description: 'The predictions against the first window of the version.',
  })
  predictionDrift!: FeatureDrift | null;
}

@ObjectType({ description: 'Metrics estimated from predicted probabilities before labels arrive (CBPE).' })
export class EstimatedPerformance {
  @Field(() => Float)
  accuracy!: number;

  @Field(() => Float)
  f1!: number;
}

@ObjectType({ description: 'Realized metrics from delayed labels, beside estimates from probabilities.' })
export class Performance {
  @Field()
  deployment!: string;

  @Field({ description: 'classification or regression.' })
  task!: string;

  @Field(() => Int)
  predictions!: number;

  @Field(() => Int)
  labelled!: number;

  @Field(() => Float, { nullable: true })
  accuracy!: number | null;

  @Field(() => Float, { nullable: true })
  precision!: number | null;

  @Field(() => Float, { nullable: true })
  recall!: number | null;

  @Field(() => Float, { nullable: true })
  f1!: number | null;

  @Field(() => Float, { nullable: true })
  logLoss!: number | null;

  @Field(() => Float, { nullable: true })
  rocAuc!: number | null;

  @Field(() => Float, { nullable: true })
  mae!: number | null;

  @Field(() => Float, { nullable: true })
  rmse!: number | null;

  @Field(() => Float, { nullable: true })
  r2!: number | null;

  @Field(() => EstimatedPerformance, { nullable: true })
  estimated!: EstimatedPerformance | null;

  @Field(() => Int, { description: 'Feedback whose prediction id monitoring did not know (NATS feedback).' })
  unmatchedFeedback!: number;
}

@ObjectType({ description: 'Throughput and latency of one deployment version over a time bucket.' })
export class OperationalWindow {
  @Field()
  deployment!: string;

  @Field(() => Int)
  modelVersion!: number;

  @Field()
  windowStart!: Date;

  @Field()
  windowEnd!: Date;

  @Field(() => Int)
  requests!: number;

  @Field(() => Int)
  rows!: number;

  @Field(() => Float, { description: 'Requests per second over the bucket.' })
  throughput!: number;

  @Field(() => Float)
  latencyP50!: number;

  @Field(() => Float)
  latencyP95!: number;

  @Field(() => Float)
  latencyP99!: number;

  @Field(() => Float)
  latencyMean!: number;
}

@InputType()
export class FeedbackInput {
  @Field(() => ID)
  predictionId!: string;

  @Field(() => GraphQLJSON, { description: 'The ground truth: a class label or a value.' })
  label!: unknown;
}
