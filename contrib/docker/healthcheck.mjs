// The container's health check: healthy when provd's REST listener answers GET /metrics and the
// projections follow the event log (provd_projection_up 1). With PROVD_METRICS_REQUIRE_TOKEN,
// give it a token holding provd.metrics.read in PROVD_HEALTHCHECK_TOKEN.
// Plain Node, no dependency: `node contrib/docker/healthcheck.mjs`, exit 0 healthy, 1 not.

const env = process.env;
const configured = env.PROVD_REST_HOST ?? '127.0.0.1';
// A wildcard listener is reached on loopback from inside the container.
const host = configured === '0.0.0.0' || configured === '::' ? '127.0.0.1' : configured;
const url = `http://${host.includes(':') ? `[${host}]` : host}:${env.PROVD_REST_PORT ?? '8666'}/metrics`;
const headers = env.PROVD_HEALTHCHECK_TOKEN ? { 'x-auth-token': env.PROVD_HEALTHCHECK_TOKEN } : {};

try {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(4000) });
  const text = await response.text();
  if (!response.ok) {
    console.error(`${url}: HTTP ${response.status}`);
    process.exit(1);
  }
  if (!/^provd_projection_up 1$/m.test(text)) {
    console.error('the projections do not follow the event log: see GET /0.2/status and the log');
    process.exit(1);
  }
  process.exit(0);
} catch (error) {
  console.error(`${url}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
