import { jetStreamName, streamsFor, subjectsFor } from './subjects';

/** NATS subject matching: `*` one token, `>` the rest. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') {
      return s.length > i;
    }
    if (p[i] !== '*' && p[i] !== s[i]) {
      return false;
    }
  }
  return p.length === s.length;
}

describe('subjects and streams', () => {
  const prefix = 'acme';
  const subjects = subjectsFor(prefix);
  const streams = Object.values(streamsFor(prefix));

  it('names streams from the prefix', () => {
    expect(jetStreamName('ferry', 'EVENTS')).toBe('FERRY_EVENTS');
    expect(jetStreamName('t-x', 'PREDICTIONS')).toBe('T_X_PREDICTIONS');
    expect(streamsFor('ferry').predictions.name).toBe('FERRY_PREDICTIONS');
  });

  it('uses the architecture subjects with the default prefix', () => {
    const s = subjectsFor('ferry');
    expect(s.registry.modelCreated).toBe('ferry.registry.model.created');
    expect(s.registry.aliasMoved).toBe('ferry.registry.alias.moved');
    expect(s.inference.predict('churn')).toBe('ferry.inference.predict.churn');
    expect(s.predictions('churn')).toBe('ferry.predictions.churn');
    expect(s.monitoring.driftDetected).toBe('ferry.monitoring.drift.detected');
    expect(s.training.runUpdated).toBe('ferry.training.run.updated');
  });

  it('puts every event subject in exactly one stream', () => {
    const events = [
      subjects.registry.modelCreated,
      subjects.registry.versionCreated,
      subjects.registry.aliasMoved,
      subjects.registry.datasetVersionCreated,
      subjects.inference.deploymentUpdated,
      subjects.inference.batchProgress,
      subjects.predictions('d1'),
      subjects.feedback('d1'),
      subjects.monitoring.driftDetected,
      subjects.monitoring.performanceDegraded,
      subjects.training.runUpdated,
    ];
    for (const subject of events) {
      const owners = streams.filter((stream) => stream.subjects.some((pattern) => matches(pattern, subject)));
      expect({ subject, owners: owners.length }).toEqual({ subject, owners: 1 });
    }
  });

  it('never captures the request/reply predict subject (a stream would answer the request)', () => {
    const predict = subjects.inference.predict('churn');
    for (const stream of streams) {
      expect(stream.subjects.some((pattern) => matches(pattern, predict))).toBe(false);
    }
  });
});
