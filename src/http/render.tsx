import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppContext } from './context.ts';
import { Layout } from './views/layout.tsx';

/** Renders a full page in the one layout. hono/jsx emits no doctype by itself (STACK.md), so we add it. */
export async function page(c: AppContext, title: string, body: Child, opts: { status?: ContentfulStatusCode; orgName?: string; orgSlug?: string } = {}) {
  const el = (
    <Layout title={title} actor={c.get('actor')} csrfToken={c.get('csrfToken')} orgName={opts.orgName} orgSlug={opts.orgSlug}>
      {body}
    </Layout>
  );
  return c.html(`<!DOCTYPE html>${await el.toString()}`, opts.status ?? 200);
}
