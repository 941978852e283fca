import { isLoggedIn } from '../api/auth';
import { navigateTo } from '../platform';
import { routes } from '../routes';

/**
 * Browsing needs no account; a personal action does. Signed in: true. Otherwise opens 登录 with
 * `returnTo` as where to come back (through 隐私保护指引 if needed) and answers false.
 */
export function requireSignIn(returnTo: string): boolean {
  if (isLoggedIn()) return true;
  navigateTo(routes.login(returnTo));
  return false;
}

/** After a 401 or CONSENT_REQUIRED: the page that fixes it, then back to `returnTo`. */
export function goFixSession(kind: 'login' | 'consent', returnTo: string): void {
  navigateTo(kind === 'consent' ? routes.consent(returnTo) : routes.login(returnTo));
}
