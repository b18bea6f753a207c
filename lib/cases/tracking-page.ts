// The portal's tracking page, linked from every e-mail after the first. The link never carries
// the tracking code: the code is a bearer secret stored only as a hash, and URLs end up in logs
// and browser histories; the citizen types it on the page (DESIGN.md, Law 2297-VI).

/** `<public URL>/track`, from the same variables as the runtime configuration (lib/config.ts). */
export function trackingPageUrl(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.HROMADA_API_HOST ?? '127.0.0.1';
  const base = env.HROMADA_PUBLIC_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${env.HROMADA_API_PORT || '3000'}`;
  return `${base.replace(/\/+$/, '')}/track`;
}
