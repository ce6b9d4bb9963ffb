import http from 'node:http';

export interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A raw request to a Facet server on 127.0.0.1 (fetch would normalise `..` and refuse to set Host), for the tests
 * that attack the HTTP transport in-process and `facet serve` from outside.
 */
export function rawRequest(
  port: number,
  method: string,
  rawPath: string,
  opts: { headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: rawPath, headers: { host: `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('latin1'),
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
