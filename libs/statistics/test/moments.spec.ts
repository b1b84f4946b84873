import { binIndex, equalWidthEdges, RunningMoments } from '@ferry/statistics';
import { exactMoments, relativeError } from './support/exact';
import { Random } from './support/random';

describe('RunningMoments (shifted Welford)', () => {
  it.each([
    ['normal(1e6, 1)', (r: Random) => r.normal(1e6, 1)],
    ['normal(1e9, 1e-3)', (r: Random) => r.normal(1e9, 1e-3)],
    ['normal(0, 1)', (r: Random) => r.normal(0, 1)],
    ['mixed magnitudes', (r: Random) => (r.next() < 0.5 ? r.normal(-1e4, 3) : r.normal(1e4, 3))],
  ])('matches an exact two-pass computation to 1e-9 relative on 100k %s values', (_name, draw) => {
    const random = new Random(42);
    const values = Array.from({ length: 100_000 }, () => draw(random));
    const moments = new RunningMoments();
    values.forEach((x) => moments.add(x));
    const exact = exactMoments(values);
    expect(moments.count).toBe(100_000);
    expect(relativeError(moments.mean, exact.mean)).toBeLessThan(1e-9);
    expect(relativeError(moments.std, exact.std)).toBeLessThan(1e-9);
  });

  it('gives std 0 for one value and NaN when empty', () => {
    const moments = new RunningMoments();
    expect(Number.isNaN(moments.mean)).toBe(true);
    moments.add(5);
    expect(moments.mean).toBe(5);
    expect(moments.std).toBe(0);
  });
});

describe('equal-width histogram', () => {
  it('computes edges like numpy.linspace, the last one exactly max', () => {
    expect(equalWidthEdges(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(equalWidthEdges(1, 2, 20)[20]).toBe(2);
  });

  it('bins [e_i, e_i+1) with the last bin closed, and −1 outside', () => {
    const edges = equalWidthEdges(0, 1, 4);
    expect([0, 0.2499, 0.25, 0.5, 0.99, 1].map((x) => binIndex(edges, x))).toEqual([0, 0, 1, 2, 3, 3]);
    expect(binIndex(edges, -0.1)).toBe(-1);
    expect(binIndex(edges, 1.1)).toBe(-1);
    expect(binIndex(edges, Number.NaN)).toBe(-1);
  });

  it('puts every value in the last bin when min = max', () => {
    const edges = equalWidthEdges(3, 3, 5);
    expect(edges).toEqual([3, 3, 3, 3, 3, 3]);
    expect(binIndex(edges, 3)).toBe(4);
  });
});
