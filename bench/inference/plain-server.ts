/**
 * The physical limit for the benchmark: a hand-written `node:http` server calling ONNX Runtime in-process
 * on the same model, with no validation, no framework, no logging. Speaks the V2 infer shape.
 *   node -r ./tools/platform/register.js bench/inference/plain-server.ts <model.onnx> <port>
 */
import * as fs from 'node:fs';
import * as http from 'node:http';

import { InferenceSession, Tensor } from 'onnxruntime-node';

async function main(): Promise<void> {
  const [file, port] = process.argv.slice(2);
  const session = await InferenceSession.create(fs.readFileSync(file ?? ''), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST') {
        res.end('ok');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        inputs: Array<{ shape: number[]; data: number[] }>;
      };
      const input = body.inputs[0];
      void session
        .run({ X: new Tensor('float32', Float32Array.from(input?.data ?? []), input?.shape ?? []) })
        .then((out) => {
          const p = out.probability as Tensor;
          const text = JSON.stringify({
            outputs: [
              { name: 'probability', shape: p.dims, datatype: 'FP32', data: Array.from(p.data as Float32Array) },
            ],
          });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          res.end(text);
        });
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(port), '127.0.0.1');
}

void main();
