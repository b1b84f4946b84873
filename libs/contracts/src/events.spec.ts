import {
  checkPredictionRecord,
  createEnvelope,
  Events,
  parseEnvelope,
  PredictionRecordSchema,
  subjectOf,
} from './events';

const model = {
  id: '0b5e1a5e-8a7c-4d3b-9e39-3c2f0f6b1a11',
  name: 'churn',
  description: '',
  tags: ['a'],
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
  createdBy: null,
};

describe('event envelopes', () => {
  it('round-trips a valid event with a fresh id', () => {
    const a = createEnvelope(Events.modelCreated, model, { source: 'registry' });
    const b = createEnvelope(Events.modelCreated, model, { source: 'registry' });
    expect(a.id).not.toBe(b.id);
    expect(a.schemaVersion).toBe(1);
    const parsed = parseEnvelope(Events.modelCreated, JSON.parse(JSON.stringify(a)));
    expect(parsed.data).toEqual(model);
  });

  it('refuses data that does not match the schema', () => {
    expect(() => createEnvelope(Events.modelCreated, { ...model, name: '' }, { source: 'registry' })).toThrow();
    const envelope = createEnvelope(Events.modelCreated, model, { source: 'registry' });
    expect(() => parseEnvelope(Events.modelCreated, { ...envelope, schemaVersion: 2 })).toThrow();
    expect(() => parseEnvelope(Events.modelCreated, { ...envelope, data: { name: 'x' } })).toThrow();
    expect(() => parseEnvelope(Events.modelCreated, { ...envelope, type: 'registry.other' })).toThrow();
  });

  it('publishes on the prefixed subject', () => {
    expect(subjectOf(Events.modelCreated, 'ferry')).toBe('ferry.registry.model.created');
    expect(subjectOf(Events.modelCreated, 't_1')).toBe('t_1.registry.model.created');
  });
});

describe('checkPredictionRecord', () => {
  const valid = {
    id: 'request-1',
    type: 'prediction',
    schemaVersion: 1,
    time: '2026-11-27T08:00:00.123Z',
    deployment: 'd',
    modelName: 'm',
    modelVersion: 3,
    modelVersionId: 'v',
    kind: 'live',
    latencyMs: 0.5,
    rows: [{ predictionId: 'p', inputs: { x: 1 }, outputs: { y: [0.1, 0.9] } }],
  };
  const variants: Array<Record<string, unknown>> = [
    {},
    { id: '' },
    { type: 'other' },
    { schemaVersion: 2 },
    { time: 'yesterday' },
    { time: '2026-11-27' },
    { deployment: 3 },
    { modelName: '' },
    { modelVersion: 0 },
    { modelVersion: 1.5 },
    { modelVersionId: null },
    { kind: 'batch' },
    { latencyMs: -1 },
    { latencyMs: 'fast' },
    { rows: {} },
    { rows: [] },
    { rows: [null] },
    { rows: [{ predictionId: '', inputs: {}, outputs: {} }] },
    { rows: [{ predictionId: 'p', inputs: [], outputs: {} }] },
    { rows: [{ predictionId: 'p', inputs: {}, outputs: null }] },
    { kind: 'shadow', id: 'request-1:shadow' },
  ];

  it('accepts and refuses exactly what PredictionRecordSchema does', () => {
    for (const change of variants) {
      const record = { ...valid, ...change };
      const bySchema = PredictionRecordSchema.safeParse(record).success;
      let byCheck = true;
      try {
        checkPredictionRecord(record);
      } catch {
        byCheck = false;
      }
      expect([change, byCheck]).toEqual([change, bySchema]);
    }
    expect(() => checkPredictionRecord(null)).toThrow(/not an object/);
    expect(() => checkPredictionRecord({ ...valid, kind: 'batch' })).toThrow(/kind/);
  });
});
