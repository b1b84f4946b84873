import { defaultSettings } from './monitor';
import { degradedMetrics, summarizePerformance } from './performance';

const settings = defaultSettings('d');

describe('summarizePerformance', () => {
  it('computes realized classification metrics over labelled rows only', () => {
    const rows = [
      { predicted: 1, probabilities: [0.2, 0.8], label: 1 },
      { predicted: 1, probabilities: [0.4, 0.6], label: 0 },
      { predicted: 0, probabilities: [0.9, 0.1], label: 0 },
      { predicted: 0, probabilities: [0.7, 0.3], label: 1 },
      { predicted: 1, probabilities: [0.1, 0.9] },
    ];
    const summary = summarizePerformance(rows, settings);
    expect(summary).toMatchObject({ task: 'classification', predictions: 5, labelled: 4 });
    expect(summary.metrics.accuracy).toBe(0.5);
    // Binary, positive class "1": TP 1, FP 1, FN 1.
    expect(summary.metrics.precision).toBe(0.5);
    expect(summary.metrics.recall).toBe(0.5);
    expect(summary.metrics.f1).toBe(0.5);
    // Scores for class 1: 0.8 (1), 0.6 (0), 0.1 (0), 0.3 (1) → 3 of 4 pairs ordered right.
    expect(summary.metrics.rocAuc).toBe(0.75);
    const expectedLogLoss = -(Math.log(0.8) + Math.log(0.4) + Math.log(0.9) + Math.log(0.3)) / 4;
    expect(summary.metrics.logLoss).toBeCloseTo(expectedLogLoss, 12);
  });

  it('estimates accuracy and F1 from calibrated probabilities before labels arrive (CBPE)', () => {
    const rows = [
      { predicted: 'yes', probabilities: { no: 0.2, yes: 0.8 } },
      { predicted: 'yes', probabilities: { no: 0.4, yes: 0.6 } },
      { predicted: 'no', probabilities: { no: 0.9, yes: 0.1 } },
      { predicted: 'no', probabilities: { no: 0.7, yes: 0.3 } },
    ];
    const summary = summarizePerformance(rows, settings);
    expect(summary.labelled).toBe(0);
    // Expected correct: 0.8 + 0.6 + 0.9 + 0.7 = 3.0 of 4.
    expect(summary.estimated?.accuracy).toBeCloseTo(0.75, 12);
    // Positive "yes": TP 1.4, FP 0.6, FN 0.4 → 2.8 / (2.8 + 0.6 + 0.4).
    expect(summary.estimated?.f1).toBeCloseTo(2.8 / 3.8, 12);
  });

  it('treats fractional predictions without probabilities as regression', () => {
    const summary = summarizePerformance(
      [
        { predicted: 1.5, probabilities: null, label: 1 },
        { predicted: 2.5, probabilities: null, label: 3 },
        { predicted: 0.5, probabilities: null, label: 0.5 },
      ],
      settings,
    );
    expect(summary.task).toBe('regression');
    expect(summary.metrics.mae).toBeCloseTo(1 / 3, 12);
    expect(summary.metrics.rmse).toBeCloseTo(Math.sqrt(0.5 / 3), 12);
    expect(summary.estimated).toBeNull();
  });
});

describe('degradedMetrics', () => {
  it('degrades greater-is-better metrics below their threshold and error metrics above', () => {
    const summary = summarizePerformance(
      [
        { predicted: 1, probabilities: null, label: 1 },
        { predicted: 1, probabilities: null, label: 0 },
      ],
      settings,
    );
    const changes = degradedMetrics(summary, { accuracy: 0.8, f1: 0.5 }, (m) => m !== 'logLoss');
    expect(changes).toEqual([
      { metric: 'accuracy', value: 0.5, threshold: 0.8, degraded: true },
      { metric: 'f1', value: 2 / 3, threshold: 0.5, degraded: false },
    ]);
  });
});
