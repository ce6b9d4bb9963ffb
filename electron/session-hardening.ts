/**
 * Locks a session down: no permission is ever granted (camera, notifications, geolocation...), and any request
 * that is not for our own schemes is cancelled, so the app opens no network connection even if a page tried.
 */
import type { Session } from 'electron';
import { isAllowedRequest } from './schemes';

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url);
    if (!allowed) console.warn(`facet: blocked a request to ${details.url}`);
    callback({ cancel: !allowed });
  });
  session.on('will-download', (event) => event.preventDefault());
}
