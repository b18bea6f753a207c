// The address `npm start` prints: until the portal and the tasklist exist, a plain page in
// Ukrainian (English below) that points people to what there is.
import type { FastifyPluginAsync } from 'fastify';

const page = `<!doctype html>
<html lang="uk">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Громада — документообіг і е-послуги</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b4f9c}</style>
</head>
<body>
<main>
<h1>Громада</h1>
<p>Система документообігу та електронних послуг міської адміністрації.</p>
<ul>
<li><a href="/docs">Документація API</a> (<a href="/openapi.json">OpenAPI</a>)</li>
<li><a href="/health">Стан системи</a></li>
</ul>
<p lang="en">Hromada: document flow and e-services of a city administration. <a href="/docs">API documentation</a>, <a href="/health">health</a>.</p>
</main>
</body>
</html>
`;

export const homeRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', {
    config: { access: 'public' },
    schema: { summary: 'Start page', tags: ['home'], hide: true, response: { 200: { type: 'string' } } },
  }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
};
