import { deployIris, usePlatform, v2Infer } from './support';

function rowOf(i: number): number[] {
  return [4 + (i % 40) / 10, 2 + (i % 25) / 10, 1 + (i % 60) / 10, (i % 25) / 10];
}

describe('dynamic batching', () => {
  const platform = usePlatform('batching');

  beforeAll(async () => {
    await deployIris(platform);
  });

  it('coalesces concurrent requests into shared runs and answers each exactly as it would alone', async () => {
    const infer = (i: number) =>
      v2Infer(platform.inference.url, 'iris', {
        inputs: [{ name: 'X', shape: [1, 4], datatype: 'FP32', data: rowOf(i) }],
      });
    const alone: unknown[] = [];
    for (let i = 0; i < 64; i++) {
      alone.push((await infer(i)).body.outputs);
    }
    const metricsBefore = await (await fetch(`${platform.inference.url}/metrics`)).text();
    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      const together = await Promise.all(Array.from({ length: 64 }, (_, i) => infer(i)));
      together.forEach((answer, i) => {
        expect(answer.status).toBe(200);
        expect(answer.body.outputs).toEqual(alone[i]);
      });
    }
    const metrics = await (await fetch(`${platform.inference.url}/metrics`)).text();
    const series = (text: string, le: string) =>
      Number(
        new RegExp(
          `^ferry_inference_batch_rows_bucket\\{deployment="iris",version="1",le="${le.replace('+', '\\+')}"\\} (\\d+)$`,
          'm',
        ).exec(text)?.[1] ?? 0,
      );
    const runs = series(metrics, '+Inf') - series(metricsBefore, '+Inf');
    const single = series(metrics, '1') - series(metricsBefore, '1');
    // Each request observes the size of the run it shared: some of the 320 shared a run with others.
    expect(runs).toBe(64 * rounds);
    expect(single).toBeLessThan(runs);
  });
});
