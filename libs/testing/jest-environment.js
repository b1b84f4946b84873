'use strict';
// Jest runs tests in a separate VM realm, so typed arrays made there fail `instanceof` checks in native
// addons (ONNX Runtime: "A float32 tensor's data must be type of function Float32Array()"). The test
// realm gets the outer realm's typed-array constructors instead.
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class FerryTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) {
      this.global[name] = globalThis[name];
    }
  }
}

module.exports = FerryTestEnvironment;
