/** OpenAPI paths of reports (issue 10, ADR 0016): the stored reports, one as JSON, PDF, XLSX or CSV, and an ad-hoc report. */
const ref = { $ref: '#/components/responses/Error' };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), ref]));
const json = (schema: unknown, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const audienceParam = {
  name: 'audience',
  in: 'query',
  required: false,
  schema: { type: 'string', enum: ['board', 'public', 'staff'], default: 'board' },
  description: 'board/public: counts of 1–4 as the text "< 5" and nothing personal; staff: exact counts (coordinator or admin only; a board token always gets board)',
};
const count = { oneOf: [{ type: 'integer' }, { type: 'string', enum: ['< 5'] }], description: 'A count; "< 5" for 1–4 in the board and public versions' };
const item = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    key: { type: 'string', description: "The regulation's reporting.reports[].key" },
    title: { type: 'string' },
    period: { type: 'string', examples: ['2026', '2026-H1', '2026-Q3'] },
    periodFrom: { type: 'string', format: 'date' },
    periodTo: { type: 'string', format: 'date' },
    unit: { type: ['object', 'null'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
    status: { type: 'string', enum: ['draft', 'final'] },
    finalisedAt: { type: ['string', 'null'], format: 'date-time' },
    links: { type: 'object', properties: { self: { type: 'string' }, pdf: { type: 'string' }, xlsx: { type: 'string' }, csv: { type: 'string' } } },
  },
};
const document = {
  type: 'object',
  description: 'A ReportDocument (src/domain/reports/document.ts): figures (current, previous, lastYear period figures with breakdowns, terms, open/overdue at the end, escalations (handovers), consultations (consulted, consultations), external procedures, satisfaction; steps: the steps the regulation has and its decision word; trends and the trend rule; measures status), the narrative, recommendations with the directie\'s decision. Counts are integers, or "< 5" in the board and public versions.',
  properties: {
    id: { type: ['string', 'null'] },
    title: { type: 'string' },
    reportKey: { type: 'string' },
    status: { type: 'string', enum: ['draft', 'final'] },
    audience: { type: 'string', enum: ['staff', 'board', 'public'] },
    figures: { type: 'object', properties: { current: { type: 'object', properties: { received: count, complaints: count } } } },
    narrative: { type: 'object' },
    recommendations: { type: 'array', items: { type: 'object' } },
    finalisedAt: { type: ['string', 'null'], format: 'date-time' },
    author: { type: ['string', 'null'] },
  },
};
const EXT_TYPES = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv', html: 'text/html' } as const;
const fileContent = {
  'application/pdf': { schema: { type: 'string', format: 'binary' } },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
  'text/csv': { schema: { type: 'string', description: 'UTF-8 with BOM; ";"-separated; decimal comma; columns Onderdeel;Dimensie;Waarde;Periode;Aantal' } },
  'text/html': { schema: { type: 'string' } },
};

export const reportApiPaths: Record<string, unknown> = {
  '/api/v1/reports': {
    get: { summary: 'The stored reports the user may read (coordinator/admin of the scope: drafts and final; board: final)', tags: ['reports'], responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: item } } }), ...errors(401) } },
    post: {
      summary: "Start (store) a report the regulation prescribes, as a draft, for a period and scope; starting it again returns the existing one (200 instead of 201)",
      tags: ['reports'],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['reportKey', 'period'],
              properties: {
                reportKey: { type: 'string', description: "the regulation's reporting.reports[].key" },
                period: { type: 'string', description: '2026, 2026-H1 or 2026-Q3' },
                unit: { type: 'string', description: 'slug or id of a unit (the unit and the units below it); omit for the whole organisation' },
              },
            },
          },
        },
      },
      responses: { '201': json({ type: 'object', properties: { id: { type: 'string', format: 'uuid' }, links: { type: 'object' } } }), '200': { description: 'The report already existed' }, ...errors(401, 403, 422) },
    },
  },
  '/api/v1/reports/{id}/finalise': {
    post: {
      summary: 'Finalise a draft: its figures are computed once and frozen; later data never changes them',
      tags: ['reports'],
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { '200': json({ type: 'object', properties: { id: { type: 'string', format: 'uuid' }, status: { type: 'string', enum: ['final'] } } }), ...errors(401, 403, 404, 409) },
    },
  },
  '/api/v1/reports/{id}': {
    get: {
      summary: 'One stored report as a document (a final report: its frozen figures; a draft: figures computed now)',
      tags: ['reports'],
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, audienceParam],
      responses: { '200': json(document), ...errors(401, 403, 404) },
    },
  },
  ...Object.fromEntries(
    (['pdf', 'xlsx', 'csv', 'html'] as const).map((ext) => [
      `/api/v1/reports/{id}.${ext}`,
      {
        get: {
          summary: `One stored report as ${ext.toUpperCase()}${ext === 'pdf' || ext === 'html' ? ' (with the charts)' : ''}; Content-Disposition gives its file name`,
          tags: ['reports'],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, audienceParam],
          responses: { '200': { description: 'The file', content: { [EXT_TYPES[ext]]: fileContent[EXT_TYPES[ext]] } }, ...errors(401, 403, 404) },
        },
      },
    ]),
  ),
  '/api/v1/reports/adhoc': {
    get: {
      summary: 'An ad-hoc report computed now for a period and scope, without storing it (coordinator, admin or board of the scope)',
      tags: ['reports'],
      parameters: [
        { name: 'period', in: 'query', required: true, schema: { type: 'string', examples: ['2026', '2026-H1', '2026-Q3'] } },
        { name: 'unit', in: 'query', required: false, schema: { type: 'string' }, description: 'Unit slug or id (with the units below it); default the whole organisation' },
        { name: 'report', in: 'query', required: false, schema: { type: 'string' }, description: "The regulation's report key, for its title and article" },
        { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'html', 'pdf', 'xlsx', 'csv'], default: 'json' } },
        audienceParam,
      ],
      responses: { '200': { description: 'The document (JSON) or the file', content: { 'application/json': { schema: document }, ...fileContent } }, ...errors(401, 403, 409, 422) },
    },
  },
  '/api/v1/reports/generate': {
    post: {
      summary: 'The same ad-hoc report with the fields in a JSON body',
      tags: ['reports'],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['period'],
              properties: { period: { type: 'string' }, unit: { type: 'string' }, report: { type: 'string' }, format: { type: 'string', enum: ['json', 'html', 'pdf', 'xlsx', 'csv'] }, audience: { type: 'string', enum: ['board', 'public', 'staff'] } },
            },
          },
        },
      },
      responses: { '200': { description: 'The document (JSON) or the file', content: { 'application/json': { schema: document }, ...fileContent } }, ...errors(401, 403, 409, 422) },
    },
  },
};
