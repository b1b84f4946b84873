import type { Dim } from '../src';

/** One graph input or output as the ONNX Python package sees it (see fixtures/make_signatures.py). */
export interface ReferenceValue {
  name: string;
  type: string;
  shape: Dim[] | null;
  /** onnx.helper.printable_type, e.g. 'FLOAT, Nx1'; null where ONNX 1.12 cannot print it (unknown dims). */
  printable: string | null;
  doc_string: string;
}

export interface ReferenceSignature {
  ir_version: number;
  opset_imports: Array<{ domain: string; version: number }>;
  producer_name: string;
  producer_version: string;
  domain: string;
  model_version: number;
  doc_string: string;
  graph_name: string;
  metadata: Record<string, string>;
  initializers_listed_as_inputs: number;
  inputs: ReferenceValue[];
  outputs: ReferenceValue[];
}

export interface ReferenceFile {
  generator: string;
  models: Record<string, ReferenceSignature>;
}
