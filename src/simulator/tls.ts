import { generate } from 'selfsigned';

export interface SimulatorCertificate {
  cert: string;
  key: string;
}

/**
 * A fresh self-signed certificate for 127.0.0.1 and localhost, valid one day, so the
 * simulator can serve `wss://` (clients such as the `openai` package's `OpenAIRealtimeWS`
 * accept only `wss:` custom URLs). Trust it with `NODE_EXTRA_CA_CERTS=<cert file>` or a
 * `ca` option; it is its own CA.
 */
export async function generateCertificate(): Promise<SimulatorCertificate> {
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'Hark Realtime simulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 24 * 60 * 60_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
