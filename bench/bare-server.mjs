// The baseline: a bare Fastify route answering the same JSON shape as GET /api/v1/profile.
import Fastify from 'fastify';

const shape = JSON.parse(process.env.BENCH_SHAPE ?? '{}');
const app = Fastify({ logger: false });
app.get('/api/v1/profile', async () => shape);
await app.listen({ host: '127.0.0.1', port: Number(process.env.BENCH_PORT) });
process.send?.('ready');
// a clean exit on SIGTERM, so that BENCH_PROFILE's --cpu-prof writes this server's profile too
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
