/**
 * The two custom schemes of the app and their URLs. The renderer bundle is served from `facet-app://bundle/`
 * (not file://, so that every response carries the CSP and nothing outside the bundle can be read), and face
 * crops and thumbnails from `facet-media://<kind>/<id>`.
 */
export const APP_SCHEME = 'facet-app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const MEDIA_SCHEME = 'facet-media';

/**
 * Content-Security-Policy of every page: scripts only from the bundle, images only from the bundle, the media
 * scheme and inline data, no network of any kind (`connect-src` is the bundle itself), no plugins, frames or forms.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // React sets style attributes through the CSSOM; the bundle's CSS files come from 'self'.
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' ${MEDIA_SCHEME}: data: blob:`,
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Protocols a page of ours may load anything from; every other request (http, https, ws, file...) is cancelled. */
export const ALLOWED_REQUEST_PROTOCOLS: readonly string[] = [
  `${APP_SCHEME}:`,
  `${MEDIA_SCHEME}:`,
  'data:',
  'blob:',
  'devtools:',
];

/** True for a URL inside the app's own bundle (the only place a window may be, or navigate to). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** True when a request may leave the renderer: it targets one of our schemes (or inline data). */
export function isAllowedRequest(url: string): boolean {
  try {
    return ALLOWED_REQUEST_PROTOCOLS.includes(new URL(url).protocol);
  } catch {
    return false;
  }
}
