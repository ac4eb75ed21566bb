import { hmac, safeEqual } from './tokens.ts';

/**
 * The known-device cookie (issue 11, the lock-out finding): after a full log-in the browser gets a long-lived, signed
 * mark "this account logged in here before". A correct password from such a browser passes the account's wait after
 * failed attempts, so someone guessing from elsewhere cannot lock the real user out. It proves nothing on its own: the
 * password (and the second factor) are still needed. Holds up to three accounts: `<userId>.<hmac>~…`.
 */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;
const sign = (secret: string, userId: string) => hmac(secret, `known-device:${userId}`);

export function knownDeviceUserIds(secret: string, cookie: string | undefined): string[] {
  if (!cookie) return [];
  return cookie
    .split('~')
    .slice(0, 3)
    .map((entry) => entry.split('.'))
    .filter((p): p is [string, string] => p.length === 2 && /^[0-9a-f-]{36}$/.test(p[0]!) && safeEqual(p[1]!, sign(secret, p[0]!)))
    .map(([id]) => id);
}

export function knownDeviceCookie(secret: string, cookie: string | undefined, userId: string): string {
  const others = knownDeviceUserIds(secret, cookie).filter((id) => id !== userId);
  return [userId, ...others].slice(0, 3).map((id) => `${id}.${sign(secret, id)}`).join('~');
}
