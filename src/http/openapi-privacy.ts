/** OpenAPI paths of the complainant's AVG rights (ADR 0020): the access export. */
const ref = { $ref: '#/components/responses/Error' };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), ref]));

export const privacyApiPaths: Record<string, unknown> = {
  '/api/v1/privacy/export': {
    post: {
      summary: 'Access export (AVG art. 15): every dossier of one person, found by e-mail, phone and/or name',
      description:
        'For a coordinator of the whole organisation. The person is found in every unit by e-mail address (case-insensitive, also an address corrected away), phone number (digits; +31 and 0 equal) or name (case and accents do not matter). Audited (a keyed hash of the person, the dossiers). `?format=pdf` answers the readable PDF instead of JSON.',
      parameters: [{ name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'pdf'] } }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                email: { type: 'string' },
                phone: { type: 'string' },
                name: { type: 'string' },
                requestId: { type: 'string', format: 'uuid', description: 'The privacy request this export answers' },
              },
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'The export (`klachtwijs/privacy-export@1`): per dossier the registration, history, letters, mails, attachments (base64 up to 256 kB) and retention; the purposes, legal bases, recipients and retention of the record of processing',
          content: { 'application/json': { schema: { type: 'object' } }, 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
        },
        ...errors(401, 403, 415, 422),
      },
    },
  },
};
