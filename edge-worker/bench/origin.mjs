// A loopback heart stand-in for the benchmark, in its own process so it does not share an event loop with
// the load generator. Prints its port on stdout.
import http from 'node:http';

const glyphs = JSON.stringify({
  glyphs: [
    { id: 'spiral', name: 'Spiral' },
    { id: 'lotus', name: 'Lotus' },
  ],
});
let fieldJson = '{}';
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url === '/v1/field' ? fieldJson : glyphs);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  fieldJson = JSON.stringify({
    version: 1,
    updatedAt: new Date().toISOString(),
    global: { coherence: 0.8, agents: 3 },
    regions: {},
    sacred: { loveAmplification: 1 },
    origins: [{ id: 'bench', url, region: 'europe-west1', healthy: true, coherence: 0.8 }],
  });
  process.stdout.write(`${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
