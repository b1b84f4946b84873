import { FEDERATION_LINK } from '@ferry/service-runtime';

/**
 * The gateway's own part of the client schema (ADR 0005): API keys, served in-process behind Apollo Gateway, and
 * the subscriptions, which the gateway serves over graphql-ws from NATS. Composed with the four services like any
 * subgraph, so clients see one schema; event types carry everything an event holds (fields of other services are
 * not resolved inside events: query them by the ids given).
 */
export const GATEWAY_TYPE_DEFS = /* GraphQL */ `
  ${FEDERATION_LINK}

  type Query {
    """
    The API keys, newest first (admin).
    """
    apiKeys(includeRevoked: Boolean = false): [ApiKey!]!

    """
    Who this request's API key belongs to.
    """
    viewer: Viewer!
  }

  type Mutation {
    """
    Creates an API key (admin); its secret is in this answer only.
    """
    createApiKey(input: CreateApiKeyInput!): ApiKeyWithSecret!

    """
    Revokes an API key at once, everywhere (admin); the last admin key cannot be revoked.
    """
    revokeApiKey(id: ID!): ApiKey!
  }

  type Subscription {
    """
    Prediction records of a deployment as they are made (live and shadow, one per request, as the deployment's
    logSampleRate keeps them); \`sample\` in (0, 1] keeps about that fraction of them.
    """
    predictions(deployment: String!, sample: Float): PredictionEvent!

    """
    A deployment started or stopped drifting (every deployment when none is named).
    """
    driftAlerts(deployment: String): DriftAlert!

    """
    Training runs changing state or making progress (every pipeline when none is named).
    """
    trainingRunUpdates(pipeline: String): TrainingRunUpdate!

    """
    Progress and state changes of one batch prediction job.
    """
    batchPredictionProgress(id: ID!): BatchPredictionProgress!

    """
    Deployments created, changed or deleted (every deployment when none is named).
    """
    deploymentEvents(name: String): DeploymentEvent!
  }

  """
  Who a request's API key belongs to.
  """
  type Viewer {
    """
    The key's name: the actor recorded on writes (null with FERRY_AUTH=off and no key).
    """
    name: String

    """
    viewer, operator or admin.
    """
    role: String!
  }

  input CreateApiKeyInput {
    """
    1–128 letters, digits, "-" or "_"; unique, never reused.
    """
    name: String!

    """
    viewer, operator or admin.
    """
    role: String!
  }

  """
  An API key; its secret is never stored or shown again.
  """
  type ApiKey {
    id: ID!
    name: String!

    """
    viewer, operator or admin.
    """
    role: String!

    """
    The first characters of the secret, to recognise it.
    """
    prefix: String!
    createdAt: DateTimeISO!
    createdBy: String
    revokedAt: DateTimeISO
    revokedBy: String
  }

  """
  A new key and its secret (send it as \`Authorization: Bearer <secret>\`).
  """
  type ApiKeyWithSecret {
    key: ApiKey!
    secret: String!
  }

  """
  One prediction request's record (as on the predictions stream).
  """
  type PredictionEvent {
    """
    The request id (a shadow's record: the request id with ":shadow").
    """
    id: ID!
    time: DateTimeISO!
    deployment: String!
    modelName: String!
    modelVersion: Int!
    modelVersionId: ID!

    """
    live or shadow.
    """
    kind: String!
    latencyMs: Float!
    rows: [PredictionEventRow!]!
  }

  """
  One row of a prediction request: its id (feedback refers to it), inputs and outputs.
  """
  type PredictionEventRow {
    predictionId: ID!
    inputs: JSON!
    outputs: JSON!
  }

  """
  A deployment started (\`drifting\`) or stopped drifting, with the window that decided it.
  """
  type DriftAlert {
    """
    The event id.
    """
    id: ID!
    occurredAt: DateTimeISO!
    deployment: String!
    drifting: Boolean!

    """
    The drift report of the window (\`driftReports\`).
    """
    reportId: ID!
    windowStart: DateTimeISO!
    windowEnd: DateTimeISO!
    rows: Int!
    datasetDrift: Boolean!
    driftShare: Float!
    driftedFeatures: [String!]!
    features: [DriftAlertFeature!]!
    predictionDrift: DriftAlertFeature
    modelVersion: Int
  }

  """
  One feature's verdict in a drift alert's window.
  """
  type DriftAlertFeature {
    name: String!
    method: String!
    statistic: Float!
    pValue: Float
    threshold: Float!
    drifted: Boolean!
  }

  """
  A training run changed state or made progress.
  """
  type TrainingRunUpdate {
    """
    The event id.
    """
    id: ID!
    occurredAt: DateTimeISO!
    runId: ID!
    pipeline: String!

    """
    queued, running, succeeded, failed or cancelled.
    """
    state: String!

    """
    manual, dataset_version, drift, schedule or follow_up.
    """
    trigger: String!
    progress: TrainingRunUpdateProgress
    metrics: JSON
    decision: JSON
    modelVersion: EventModelVersion
    error: String
  }

  type TrainingRunUpdateProgress {
    phase: String!
    trial: Int
    trials: Int
    iteration: Int
    loss: Float
  }

  """
  A model version named in an event.
  """
  type EventModelVersion {
    id: ID!
    modelName: String!
    version: Int!
  }

  """
  A batch prediction job's progress or state change.
  """
  type BatchPredictionProgress {
    """
    The job id.
    """
    id: ID!
    occurredAt: DateTimeISO!
    deployment: String!
    datasetVersionId: ID!
    modelVersion: EventModelVersion

    """
    queued, running, succeeded, failed or cancelled.
    """
    state: String!
    rowsDone: Float!
    rowsTotal: Float

    """
    rowsDone / rowsTotal, when the total is known.
    """
    progress: Float
    outputDatasetVersionId: ID
    error: String
  }

  """
  A deployment was created, changed or deleted: its specification after the change.
  """
  type DeploymentEvent {
    """
    The event id.
    """
    id: ID!
    occurredAt: DateTimeISO!

    """
    Who made the change (the API key's name), when known.
    """
    actor: String
    name: String!
    modelName: String!
    deleted: Boolean!
    revision: Int!
    traffic: [DeploymentEventRoute!]!
    shadow: DeploymentEventTarget
    logSampleRate: Float!
    updatedAt: DateTimeISO!
  }

  type DeploymentEventRoute {
    alias: String
    version: Int
    weight: Float!
  }

  type DeploymentEventTarget {
    alias: String
    version: Int
  }

  scalar DateTimeISO

  scalar JSON @specifiedBy(url: "http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf")
`;
