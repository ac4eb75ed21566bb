/** OpenAPI paths of the complaints mailbox (004 §3, ADR 0011): mailboxes (admin), triage (coordinator), mail from a dossier. */
const ref = { $ref: '#/components/responses/Error' };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), ref]));
const json = (schema: unknown, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const body = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

const mailbox = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    unitId: { type: ['string', 'null'] },
    address: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'integer' },
    tls: { type: 'boolean' },
    username: { type: 'string' },
    folder: { type: 'string' },
    enabled: { type: 'boolean' },
    lastFetchAt: { type: ['string', 'null'], format: 'date-time' },
    lastError: { type: ['string', 'null'] },
  },
};
const mailboxInput = {
  type: 'object',
  required: ['address', 'host', 'port', 'username', 'password'],
  properties: { unitId: { type: 'string' }, address: { type: 'string', format: 'email' }, host: { type: 'string' }, port: { type: 'integer' }, tls: { type: 'boolean' }, username: { type: 'string' }, password: { type: 'string', description: 'Stored encrypted (AES-256-GCM); never returned' }, folder: { type: 'string', default: 'INBOX' } },
};
const inbound = {
  type: 'object',
  properties: { id: { type: 'string' }, sentAt: { type: 'string', format: 'date-time' }, from: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } }, subject: { type: 'string' }, text: { type: 'string' }, unitId: { type: ['string', 'null'] } },
};

export const mailboxApiPaths: Record<string, unknown> = {
  '/api/v1/mailboxes': {
    get: { summary: 'The complaints mailboxes of the organisation (admin); never the password', tags: ['mailbox'], responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: mailbox } } }), ...errors(401, 403) } },
    post: { summary: 'Connect a complaints mailbox (IMAP; admin)', tags: ['mailbox'], requestBody: body(mailboxInput), responses: { '201': json({ type: 'object', properties: { id: { type: 'string' } } }, 'Connected'), ...errors(401, 403, 422) } },
  },
  '/api/v1/mailboxes/{id}/test': {
    post: { summary: 'Verbinding testen: log in and open the folder (admin)', tags: ['mailbox'], parameters: [idParam], responses: { '200': json({ type: 'object', properties: { ok: { type: 'boolean' }, problem: { type: ['string', 'null'] }, messages: { type: ['integer', 'null'] } } }), ...errors(401, 403, 404) } },
  },
  '/api/v1/mailboxes/{id}/fetch': {
    post: {
      summary: 'Fetch new messages now (the worker does it every minute; admin). Each message once (Message-ID); with a reference it joins that dossier, else it waits in triage',
      tags: ['mailbox'],
      parameters: [idParam],
      responses: { '200': json({ type: 'object', properties: { fetched: { type: 'integer' }, joined: { type: 'integer' }, triage: { type: 'integer' }, duplicates: { type: 'integer' } } }), ...errors(401, 403, 404, 409) },
    },
  },
  '/api/v1/inbound-messages': {
    get: { summary: '"Nieuw via e-mail": messages without a complaint reference waiting for the coordinators of their unit', tags: ['mailbox'], responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: inbound } } }), ...errors(401) } },
  },
  '/api/v1/inbound-messages/{id}/complaint': {
    post: {
      summary: 'Klacht van maken: register the message as a complaint (body as a staff registration; receivedOn defaults to the mail\'s date, channel to email); its files and the .eml join the dossier',
      tags: ['mailbox'],
      parameters: [idParam],
      requestBody: body({ type: 'object', description: 'The fields of POST /api/v1/complaints' }),
      responses: { '201': json({ type: 'object', properties: { id: { type: 'string' }, reference: { type: 'string' }, status: { type: 'string' }, receivedOn: { type: 'string', format: 'date' } } }, 'Registered'), ...errors(401, 403, 404, 409, 422) },
    },
  },
  '/api/v1/inbound-messages/{id}/no-complaint': {
    post: { summary: 'Geen klacht: file the message with a note', tags: ['mailbox'], parameters: [idParam], requestBody: body({ type: 'object', required: ['note'], properties: { note: { type: 'string' } } }), responses: { '204': { description: 'Filed' }, ...errors(401, 404, 409, 422) } },
  },
  '/api/v1/complaints/{id}/mail': {
    post: {
      summary: 'E-mail the complainant from the dossier, or answer a received message (inboundMessageId); the subject carries the reference, Reply-To the complaints mailbox; sent through the outbox',
      tags: ['mailbox'],
      parameters: [idParam],
      requestBody: body({ type: 'object', required: ['text'], properties: { text: { type: 'string' }, subject: { type: 'string' }, to: { type: 'string', format: 'email' }, inboundMessageId: { type: 'string' } } }),
      responses: { '201': json({ type: 'object', properties: { outboundMailId: { type: 'string' }, seq: { type: 'integer' }, subject: { type: 'string' } } }, 'Queued'), ...errors(401, 403, 404, 422) },
    },
  },
};
