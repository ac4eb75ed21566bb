import assert from 'node:assert/strict';
import { it } from 'node:test';
import { today } from '../../src/usecases/complaints/dossier.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, registerLetterComplaint, TEST_PASSWORD } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/**
 * Found walking the demo: "Terug naar alle klachten" in a dossier dropped the list's search and filters. The list's
 * links carry the list (`terug`); the dossier links back to it, only ever to a path within /klachten (no open
 * redirect), escaped.
 */
const backLink = (html: string) => /<a class="utrecht-link" href="([^"]*)">\s*Terug naar [^<]*<\/a>/.exec(html)?.[1];

forEachDatabase('the dossier links back to the list with its search and filters', (ctx) => {
  it('from a filtered, sorted list back to that list; a foreign or odd "terug" falls back to /klachten', async () => {
    const db = ctx.database.db;
    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const coordinator = await actorOf(db, org.coordinator);
    const c = await registerLetterComplaint(db, org, coordinator, today());
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.coordinator.email, TEST_PASSWORD);
    const list = await client.get('/klachten?status=new&sort=-received');
    assert.equal(list.res.status, 200);
    const href = new RegExp(`href="(/klachten/${c.id}[^"]*)"`).exec(list.html)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(href, 'the row links to the dossier');
    assert.match(href, /\?terug=/);
    const dossier = await client.get(href);
    assert.equal(dossier.res.status, 200);
    assert.equal(backLink(dossier.html)?.replaceAll('&amp;', '&'), '/klachten?status=new&sort=-received');
    assert.match(dossier.html, /Terug naar de lijst met uw zoekopdracht/);

    // An action in the dossier keeps the list: its form carries `terug`, a refusal shows the dossier with it, and the
    // redirect after it comes back with it.
    const assignForm = new RegExp(`action="(/klachten/${c.id}/acties/assign[^"]*)"`).exec(dossier.html)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(assignForm, 'the dossier offers "Toewijzen"');
    assert.match(assignForm, /\?terug=/);
    const refusedAction = await client.postForm(assignForm, { _csrf: dossier.csrf, handlerUserId: '' });
    assert.equal(refusedAction.status, 422);
    assert.equal(backLink(await refusedAction.text())?.replaceAll('&amp;', '&'), '/klachten?status=new&sort=-received');
    const done = await client.postForm(assignForm, { _csrf: dossier.csrf, handlerUserId: org.handler.user.id });
    assert.equal(done.status, 303);
    const after = await client.get(done.headers.get('location')!);
    assert.match(after.html, /Gelukt: /);
    assert.equal(backLink(after.html)?.replaceAll('&amp;', '&'), '/klachten?status=new&sort=-received');

    // A step that owes a letter goes on to the proposed letter, then (by post) to the letter to print, then back to the
    // dossier: every page on that path keeps the list.
    const ackForm = new RegExp(`action="(/klachten/${c.id}/acties/acknowledge[^"]*)"`).exec(after.html)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(ackForm, 'the dossier offers the acknowledgement');
    const acked = await client.postForm(ackForm, { _csrf: after.csrf });
    assert.equal(acked.status, 303);
    assert.match(acked.headers.get('location')!, /\/brief\/\d+\?gedaan=acknowledge&terug=/);
    const compose = await client.get(acked.headers.get('location')!);
    assert.equal(compose.res.status, 200);
    assert.equal(backLink(compose.html)?.replaceAll('&amp;', '&'), `/klachten/${c.id}?terug=${encodeURIComponent('/klachten?status=new&sort=-received')}`);
    const composeForm = new RegExp(`action="(/klachten/${c.id}/brief/[^"]*)"`).exec(compose.html)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(composeForm);
    const sent = await client.postForm(composeForm, { _csrf: compose.csrf, subject: 'Ontvangstbevestiging', body: 'Wij hebben uw klacht ontvangen.', channel: 'post' });
    assert.equal(sent.status, 303);
    const print = await client.get(sent.headers.get('location')!);
    assert.match(print.html, /Brief afdrukken/);
    const postedForm = /action="([^"]*\/verstuurd[^"]*)"/.exec(print.html)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(postedForm);
    const posted = await client.postForm(postedForm, { _csrf: print.csrf });
    assert.equal(posted.status, 303);
    const back = await client.get(posted.headers.get('location')!);
    assert.match(back.html, /per post verstuurd/);
    assert.equal(backLink(back.html)?.replaceAll('&amp;', '&'), '/klachten?status=new&sort=-received');

    // Without a list, and for anything that is not a path within /klachten: the whole list.
    assert.equal(backLink((await client.get(`/klachten/${c.id}`)).html), '/klachten');
    for (const bad of ['https://evil.example/klachten', '//evil.example', '/klachtenx', '/admin', '/klachten/../admin', 'javascript:alert(1)', '/klachten?q=a b']) {
      const page = await client.get(`/klachten/${c.id}?terug=${encodeURIComponent(bad)}`);
      assert.equal(backLink(page.html), '/klachten', bad);
    }
    // Odd characters in the query are written anew and escaped.
    const odd = await client.get(`/klachten/${c.id}?terug=${encodeURIComponent('/klachten?q="><script>x</script>')}`);
    assert.ok(!odd.html.includes('<script>x'), 'escaped');
    assert.equal(backLink(odd.html)?.replaceAll('&amp;', '&'), `/klachten?q=${encodeURIComponent('"><script>x</script>').replaceAll('%20', '+')}`);
  });
});
