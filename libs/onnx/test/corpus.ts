import * as fs from 'node:fs';
import * as path from 'node:path';

/** <repo>/../shared/onnx-corpus: CI clones the repository elsewhere with shared/ beside it, so never an absolute path. */
export const CORPUS_DIR = path.resolve(__dirname, '../../../..', 'shared', 'onnx-corpus');

export interface CorpusModel {
  /** Path relative to the corpus, with '/' separators: the key of signatures.json. */
  id: string;
  file: string;
  unloadable: boolean;
}

/** Every .onnx file of the corpus, sorted; test_data_set folders hold tensors, not models. */
export function listCorpusModels(dir = CORPUS_DIR): CorpusModel[] {
  const found: CorpusModel[] = [];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.onnx')) {
        const id = path.relative(dir, full).split(path.sep).join('/');
        found.push({ id, file: full, unloadable: id.startsWith('unloadable/') });
      }
    }
  };
  walk(dir);
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Deterministic bytes (mulberry32), so a refusal that fails can be replayed. */
export function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}
