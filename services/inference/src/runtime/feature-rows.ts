import type { Tensor } from '@ferry/onnx';

/**
 * The request's inputs as one object of named features per row, named as the architecture names them:
 * a one-input-per-column model by its inputs, a matrix input `[N, k]` as `<input>[<i>]`. Inputs of rank
 * above 2 (images, sequences) are left out: they are not features a drift monitor compares. Values are the
 * client's own where the tensor kept them (built from JSON), else read back from the tensor.
 */
export function featureRows(feeds: Record<string, Tensor>, rows: number): Array<Record<string, unknown>> {
  const out = Array.from({ length: rows }, () => ({}) as Record<string, unknown>);
  for (const [name, tensor] of Object.entries(feeds)) {
    const data = tensor.source ?? (tensor.data as ArrayLike<unknown>);
    const plain = tensor.source !== undefined ? toPlain : tensor.type === 'float' ? shortestFloat32 : toPlain;
    if (tensor.dims.length <= 1 || (tensor.dims.length === 2 && tensor.dims[1] === 1)) {
      for (let r = 0; r < rows; r++) {
        (out[r] as Record<string, unknown>)[name] = plain(data[r]);
      }
    } else if (tensor.dims.length === 2) {
      const width = tensor.dims[1] ?? 0;
      const keys = featureKeys(name, width);
      for (let r = 0; r < rows; r++) {
        const row = out[r] as Record<string, unknown>;
        for (let j = 0; j < width; j++) {
          row[keys[j] as string] = plain(data[r * width + j]);
        }
      }
    }
  }
  return out;
}

/** `X[0]` … `X[k-1]`, built once per input name and width: a model serves the same ones all day. */
const keyCache = new Map<string, string[]>();

function featureKeys(name: string, width: number): string[] {
  const cacheKey = `${width}:${name}`;
  let keys = keyCache.get(cacheKey);
  if (keys === undefined) {
    keys = Array.from({ length: width }, (_, j) => `${name}[${j}]`);
    if (keyCache.size < 1024) {
      keyCache.set(cacheKey, keys);
    }
  }
  return keys;
}

function toPlain(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** The shortest decimal that is the same float32 (5.1, not 5.099999904632568): what the client most likely sent. */
function shortestFloat32(value: unknown): unknown {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return value;
  }
  for (let digits = 6; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) {
      return candidate;
    }
  }
  return Number(value.toPrecision(9));
}
