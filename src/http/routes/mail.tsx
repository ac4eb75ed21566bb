import { Hono } from 'hono';
import { retryMail } from '../../mail/outbox.ts';
import { requireActor, type AppEnv } from '../context.ts';

/**
 * "Opnieuw proberen" on an e-mail that could not be sent (ADR 0014): the stored message is queued again.
 * Back to where the button was: the dossier, or the start page.
 */
export const mailRoutes = new Hono<AppEnv>();

mailRoutes.post('/mail/:id/opnieuw', async (c) => {
  const actor = requireActor(c);
  const mail = await retryMail(c.get('deps').db, actor, c.req.param('id'));
  const back = mail.complaintId ? `/klachten/${mail.complaintId}?opnieuw=1#brieven-kop` : '/start?opnieuw=1#niet-verstuurd';
  return c.redirect(back, 303);
});
