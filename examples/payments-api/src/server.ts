import { createServer } from 'node:http';
import { ZodError } from 'zod';
import { parsePayment } from './payment.js';

const port = Number(process.env.PORT ?? 8080);

createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200).end('ok');
    return;
  }
  if (req.method !== 'POST' || req.url !== '/v1/payments') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.on('data', chunk => {
    body += chunk;
  });
  req.on('end', () => {
    try {
      const payment = parsePayment(JSON.parse(body));
      res
        .writeHead(202, { 'content-type': 'application/json' })
        .end(JSON.stringify({ accepted: payment.idempotencyKey }));
    } catch (e) {
      const message = e instanceof ZodError ? e.issues[0]?.message : 'bad JSON';
      res.writeHead(400).end(message);
    }
  });
}).listen(port);
