import * as http from 'node:http';

/**
 * Sends a request that declares `declaredLength` bytes of body but writes only `body`, and resolves with the
 * response the server sends before the rest arrives (an early refusal such as 413), then drops the socket.
 */
export function earlyAnswer(
  url: string,
  method: string,
  declaredLength: number,
  body: Uint8Array,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method,
      headers: { 'content-length': declaredLength, 'content-type': 'application/json' },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
        });
        request.destroy();
      });
    });
    request.on('error', reject);
    request.write(body);
  });
}
