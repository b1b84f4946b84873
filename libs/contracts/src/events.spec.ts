import { createEnvelope, Events, parseEnvelope, subjectOf } from './events';

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
