import { InferenceSession, Tensor } from 'onnxruntime-node';
import { type FeatureSpec, onnxInputs, type Table } from '../../src';

/** Runs an exported model in ONNX Runtime on the rows of a table; every output as a tensor. */
export async function runOnnx(
  bytes: Uint8Array,
  table: Table,
  features: readonly FeatureSpec[],
): Promise<Record<string, Tensor>> {
  const session = await InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const feeds: Record<string, Tensor> = {};
    for (const [name, input] of Object.entries(onnxInputs(table, features))) {
      feeds[name] = new Tensor(input.type, input.data, input.dims);
    }
    return (await session.run(feeds)) as Record<string, Tensor>;
  } finally {
    await session.release();
  }
}

/** Largest |a − b| / max(1, |b|) over two arrays of the same length. */
export function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  }
  return worst;
}
