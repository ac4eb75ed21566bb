/** OpenAPI paths of the retention API (issue 11, ADR 0019; routes/api-retention.ts). */
const json = (schema: unknown) => ({ description: 'OK', content: { 'application/json': { schema } } });
const refused = { '401': { description: 'Not signed in' }, '403': { description: 'not_permitted: only the organisation-wide coordinator' } };

export const retentionApiPaths: Record<string, unknown> = {
  '/api/v1/retention/due': {
    get: {
      summary: 'Closed dossiers whose retention period has passed, with the date, its basis and any holds (references only, no personal data)',
      tags: ['retention'],
      responses: {
        '200': json({
          type: 'object',
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string', format: 'uuid' },
                  reference: { type: 'string' },
                  kind: { type: 'string' },
                  endedOn: { type: ['string', 'null'], format: 'date' },
                  destroyAfter: { type: 'string', format: 'date' },
                  basis: { type: 'string' },
                  hold: { type: 'boolean' },
                  holds: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string' }, reason: { type: 'string' }, automatic: { type: 'boolean' } } } },
                },
              },
            },
          },
        }),
        ...refused,
      },
    },
  },
  '/api/v1/retention/log': {
    get: {
      summary: 'The destruction log: what was destroyed, without personal data (reference, months, basis, approval, when)',
      tags: ['retention'],
      responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } }), ...refused },
    },
  },
};
