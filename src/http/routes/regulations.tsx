import { Hono } from 'hono';
import { stringify as toYaml } from 'yaml';
import { dayZero, isRecordDate, RECORD_DATE_MESSAGE, type IsoDate } from '../../domain/deadlines/index.ts';
import {
  dutchDate,
  LEGAL_FRAMEWORK_LABELS,
  LEGAL_FRAMEWORKS,
  legalCheck,
  milestones,
  openItems,
  parseRegulationDocument,
  renderRegulationText,
  type LegalFramework,
  type OpenItem,
  type Regulation,
} from '../../domain/regulation/index.ts';
import { getPreset, presets, PRESET_KEYS } from '../../regulations/library.ts';
import type { Unit } from '../../db/types.ts';
import { AppError } from '../../shared/errors.ts';
import { hasRole, type Actor } from '../../usecases/actor.ts';
import {
  activateRegulation,
  activeRegulation,
  listRegulationVersions,
  prepareRegulation,
  type ActiveRegulation,
  type RegulationSource,
} from '../../usecases/regulations/regulations.ts';
import { listUnits } from '../../usecases/units/units.ts';
import { readForm, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { page } from '../render.tsx';
import { Alert, CheckboxField, CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FieldErrors } from '../views/forms.tsx';
import { DueDatesTable, LegalFindings, RegulationSections, weekdayDate } from '../views/regulation-text.tsx';

/**
 * Admin pages for the klachtenregeling: the active regulation per scope (organisation, units with their
 * own) with its legal check, the version history, and a form that previews and activates a new version
 * from a preset or from edited YAML/JSON. Admins change; coordinators may look.
 */
export const regulationAdminRoutes = new Hono<AppEnv>();

const BASE = '/beheer/klachtenregeling';
const EDITOR = `${BASE}/nieuw`;

function requireViewer(c: AppContext): Actor {
  const actor = requireActor(c);
  if (!hasRole(actor, 'admin', 'coordinator')) throw new AppError('forbidden', 'Deze pagina is voor beheerders en klachtenfunctionarissen.');
  return actor;
}

function requireAdmin(c: AppContext): Actor {
  const actor = requireActor(c);
  if (!hasRole(actor, 'admin')) throw new AppError('forbidden', 'Deze pagina is alleen voor beheerders.');
  return actor;
}

async function organisationOf(c: AppContext, actor: Actor) {
  return c.get('deps').db.selectFrom('organisations').select(['id', 'name', 'slug']).where('id', '=', actor.organisationId).executeTakeFirstOrThrow();
}

/** The calendar date of a moment in Europe/Amsterdam, in Dutch. */
function dutchDay(at: Date): string {
  return dutchDate(dayZero(at));
}

function publicPath(orgSlug: string, unit: Unit | null): string {
  return `/${orgSlug}/klachtenregeling${unit ? `/${unit.slug}` : ''}`;
}

// --- Overview ----------------------------------------------------------------------------------

const ScopeCard = ({ heading, id, active, orgSlug, unit, isAdmin }: { heading: string; id: string; active: ActiveRegulation | null; orgSlug: string; unit: Unit | null; isAdmin: boolean }) => (
  <section class="kw-card" aria-labelledby={id}>
    <h3 class="utrecht-heading-3" id={id}>
      {heading}
    </h3>
    {active ? (
      <>
        <p class="utrecht-paragraph">
          <strong>{active.regulation.metadata.title}</strong> — versie {active.version}, geactiveerd op {dutchDay(active.activatedAt)},{' '}
          {active.preset ? `gemaakt van preset ${active.preset}` : 'eigen tekst'}.
        </p>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={publicPath(orgSlug, unit)}>
            Openbare tekst bekijken<span class="kw-visually-hidden"> ({heading})</span>
          </a>
          {isAdmin ? (
            <>
              {' · '}
              <a class="utrecht-link" href={`${EDITOR}${unit ? `?eenheid=${unit.id}` : ''}`}>
                Nieuwe versie maken<span class="kw-visually-hidden"> ({heading})</span>
              </a>
            </>
          ) : null}
        </p>
        <h4 class="utrecht-heading-4">Wettelijke toets</h4>
        <LegalFindings findings={legalCheck(active.regulation, active.frameworks)} frameworks={active.frameworks} />
      </>
    ) : (
      <p class="utrecht-paragraph">
        Er is nog geen klachtenregeling actief.{' '}
        {isAdmin ? (
          <a class="utrecht-link" href={EDITOR}>
            Kies een klachtenregeling
          </a>
        ) : null}
      </p>
    )}
  </section>
);

regulationAdminRoutes.get(BASE, async (c) => {
  const actor = requireViewer(c);
  const isAdmin = hasRole(actor, 'admin');
  const { db } = c.get('deps');
  const org = await organisationOf(c, actor);
  const [units, versions] = await Promise.all([listUnits(db, org.id), listRegulationVersions(db, org.id)]);
  const ownUnits = units.filter((u) => versions.some((v) => v.unit_id === u.id));
  const [orgActive, ...unitActive] = await Promise.all([activeRegulation(db, org.id, null), ...ownUnits.map((u) => activeRegulation(db, org.id, u.id))]);
  const activated = c.req.query('geactiveerd');
  const activatedFor = units.find((u) => u.id === c.req.query('eenheid'));
  return page(
    c,
    'Klachtenregeling',
    <>
      <h1 class="utrecht-heading-1">Klachtenregeling</h1>
      {activated && /^\d+$/.test(activated) ? (
        <Alert kind="ok">
          Versie {activated} van de klachtenregeling {activatedFor ? `voor ${activatedFor.name} ` : ''}is geactiveerd.
        </Alert>
      ) : null}
      <p class="utrecht-paragraph">
        Klachtwijs werkt volgens de klachtenregeling die hier actief is. Elke wijziging wordt een nieuwe versie. Een klacht houdt de versie waaronder zij is
        binnengekomen.
      </p>
      {isAdmin ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={EDITOR}>
            Nieuwe versie maken (voorbeeldregeling kiezen of tekst aanpassen)
          </a>
        </p>
      ) : null}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/regeling/evaluatie">
          Regeling evalueren
        </a>{' '}
        <span class="kw-muted">(de evaluatie die de regeling zelf voorschrijft, met concept, verschil en goedkeuring)</span>
      </p>
      <h2 class="utrecht-heading-2">Actieve regelingen</h2>
      <ScopeCard heading="Hele organisatie" id="scope-organisatie" active={orgActive ?? null} orgSlug={org.slug} unit={null} isAdmin={isAdmin} />
      {ownUnits.map((u, i) => (
        <ScopeCard heading={u.name} id={`scope-${u.slug}`} active={unitActive[i] ?? null} orgSlug={org.slug} unit={u} isAdmin={isAdmin} />
      ))}
      {units.length > ownUnits.length ? (
        <p class="utrecht-paragraph kw-muted">Eenheden zonder eigen regeling volgen de regeling van de eenheid erboven, of anders die van de hele organisatie.</p>
      ) : null}
      <h2 class="utrecht-heading-2">Alle versies</h2>
      {versions.length ? (
        <table class="utrecht-table">
          <caption class="utrecht-table__caption">Versies van de klachtenregeling, nieuwste eerst</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">Versie</th>
              <th class="utrecht-table__header-cell" scope="col">Geldt voor</th>
              <th class="utrecht-table__header-cell" scope="col">Voorbeeldregeling</th>
              <th class="utrecht-table__header-cell" scope="col">Geactiveerd op</th>
              <th class="utrecht-table__header-cell" scope="col">Door</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {versions.map((v) => (
              <tr class="utrecht-table__row">
                <td class="utrecht-table__cell">{v.version}</td>
                <td class="utrecht-table__cell">{v.unit_name ?? 'Hele organisatie'}</td>
                <td class="utrecht-table__cell">{v.preset ?? 'eigen tekst'}</td>
                <td class="utrecht-table__cell">{dutchDay(v.activated_at)}</td>
                <td class="utrecht-table__cell">{v.activated_by_name ?? 'systeem'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="utrecht-paragraph">Er zijn nog geen versies.</p>
      )}
    </>,
  );
});

// --- Editor: preview and activate ----------------------------------------------------------------

interface EditorForm {
  unitId: string;
  bron: 'preset' | 'tekst';
  preset: string;
  document: string;
  frameworks: LegalFramework[];
  sampleDate: string;
  /** Raw values of the open-point fields, by key. */
  fills: Record<string, string>;
}

const LABELS: Record<string, string> = {
  unitId: 'Voor wie geldt deze versie?',
  bron: 'Waar komt de regeling vandaan?',
  preset: 'Voorbeeldregeling',
  document: 'Eigen tekst (YAML of JSON)',
  voorbeelddatum: 'Voorbeelddatum van ontvangst',
  ondanksFouten: 'Toch activeren',
};

/** Short Dutch labels for the open points the presets leave, by where they sit. */
const OPEN_POINT_LABELS: Record<string, string> = {
  'deadlines.acknowledgement': 'Termijn voor de ontvangstbevestiging',
  'deadlines.inadmissibilityNotice': 'Termijn voor bericht niet-ontvankelijk',
  'deadlines.decision': 'Termijn voor de afhandeling',
  'deadlines.serviceNorm': 'Interne servicenorm',
  'deadlines.extension.max': 'Maximale verlenging',
  'intake.channels': 'Manieren om een klacht in te dienen',
  'contact.email': 'E-mailadres voor klachten',
  'contact.phone': 'Telefoonnummer voor klachten',
  'contact.postalAddress': 'Postadres voor klachten',
  'contact.webFormUrl': 'Webadres van het klachtenformulier',
  'externalBody.address': 'Externe klachtencommissie',
  'externalBody.url': 'Website van de externe klachtinstantie',
  'retention.period': 'Bewaartermijn',
  'metadata.effectiveDate': 'Datum van vaststelling',
};

function openPointLabel(item: OpenItem): string {
  const known = OPEN_POINT_LABELS[item.where];
  if (known) return known;
  if (item.kind === 'placeholder') {
    const words = item.where.replace(/^\[|\]$/g, '');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return `Open punt ${item.key}`;
}

function openPointDescription(item: OpenItem): string {
  const example = item.example ? ` Bijvoorbeeld: ${item.example}.` : '';
  const src = item.source.seed ? `seed ${item.source.seed}, artikel ${item.source.article}` : item.source.article;
  return `${item.question}${example} (Bron: ${src}.)`;
}

const fillField = (key: string) => `fill.${key}`;

/** Open points and placeholders the admin fills in; the organisation's name is filled automatically. */
function itemsToFill(reg: Regulation): OpenItem[] {
  const fromOrg = new Set(reg.placeholders.filter((p) => p.fromOrganisation === 'name').map((p) => p.key));
  return openItems(reg).filter((i) => !(i.kind === 'placeholder' && fromOrg.has(i.key)));
}

type Base = { ok: true; source: RegulationSource; regulation: Regulation } | { ok: false; errors: FieldErrors };

/** The regulation the form starts from: the chosen preset, or the pasted YAML/JSON (errors name the path). */
function baseOf(form: EditorForm): Base {
  if (form.bron === 'tekst') {
    if (form.document.trim() === '') return { ok: false, errors: { document: 'Plak of schrijf hier de tekst van de regeling (YAML of JSON).' } };
    const parsed = parseRegulationDocument(form.document);
    if (!parsed.success) return { ok: false, errors: { document: documentErrors(parsed.issues.map((i) => i.text)) } };
    return { ok: true, source: { document: parsed.data }, regulation: parsed.data };
  }
  const preset = getPreset(form.preset);
  if (!preset) return { ok: false, errors: { preset: `Kies een voorbeeldregeling: ${PRESET_KEYS.join(', ')}.` } };
  return { ok: true, source: { preset: preset.key }, regulation: preset.build() };
}

function documentErrors(texts: string[]): string {
  const shown = texts.slice(0, 8).join('; ');
  return texts.length > 8 ? `${shown}; en nog ${texts.length - 8} andere fouten.` : shown;
}

/** Filled-in values for the open points of `items` (empty fields are left out: they stay open). */
function fillsFor(form: EditorForm, items: OpenItem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const value = (form.fills[item.key] ?? '').trim();
    if (value !== '') out[item.key] = value;
  }
  return out;
}

interface Preview {
  regulation: Regulation;
  stillOpen: OpenItem[];
  sampleDate: IsoDate;
}

async function editorPage(
  c: AppContext,
  form: EditorForm,
  opts: { errors?: FieldErrors; message?: string; preview?: Preview; items?: OpenItem[] } = {},
) {
  const actor = requireAdmin(c);
  const { db } = c.get('deps');
  const org = await organisationOf(c, actor);
  const units = await listUnits(db, org.id);
  const errors = opts.errors ?? {};
  let items = opts.items;
  if (!items) {
    const base = baseOf(form);
    items = base.ok ? itemsToFill(base.regulation) : [];
  }
  const labels: Record<string, string> = { ...LABELS, ...Object.fromEntries(items.map((i) => [fillField(i.key), openPointLabel(i)])) };
  const preview = opts.preview;
  const text = preview ? renderRegulationText(preview.regulation, org) : null;
  const legalErrors = preview ? legalCheck(preview.regulation, form.frameworks).filter((f) => f.severity === 'error') : [];
  // The only refusal that still shows the preview: its legal findings explain the checkbox.
  const hasErrors = Object.entries(errors).some(([k, v]) => v && k !== 'ondanksFouten');
  return page(
    c,
    'Nieuwe versie van de klachtenregeling',
    <>
      <h1 class="utrecht-heading-1">Nieuwe versie van de klachtenregeling</h1>
      <p class="utrecht-paragraph">
        Kies een voorbeeldregeling of pas de tekst aan, vul de open punten in en bekijk eerst een voorbeeld. Na <strong>Activeren als nieuwe versie</strong> werken nieuwe
        klachten volgens deze versie. <a class="utrecht-link" href={BASE}>Terug naar het overzicht</a>
      </p>
      {opts.message ? <Alert kind="error">{opts.message}</Alert> : null}
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={`${EDITOR}#voorbeeld`} id="regeling-formulier" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <SelectField
          name="unitId"
          label={LABELS.unitId!}
          hideOptional
          value={form.unitId}
          placeholder="Hele organisatie"
          description="Een eenheid zonder eigen regeling volgt de regeling van de organisatie."
          options={units.map((u) => ({ value: u.id, label: u.name }))}
          error={errors['unitId']}
        />
        <fieldset class="utrecht-form-fieldset kw-choices" id="bron">
          <legend class="utrecht-form-fieldset__legend">{LABELS.bron}</legend>
          <div class="kw-choice">
            <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" name="bron" id="bron-preset" value="preset" checked={form.bron === 'preset'} />
            <label class="utrecht-form-label utrecht-form-label--radio" for="bron-preset">
              Een voorbeeldregeling: een van de vijf bestaande regelingen, met de naam van uw organisatie erin
            </label>
          </div>
          <div class="kw-choice">
            <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" name="bron" id="bron-tekst" value="tekst" checked={form.bron === 'tekst'} />
            <label class="utrecht-form-label utrecht-form-label--radio" for="bron-tekst">
              Eigen tekst (voor gevorderden): de regeling als YAML of JSON in het tekstvak hieronder
            </label>
          </div>
        </fieldset>
        <SelectField
          name="preset"
          label={LABELS.preset!}
          hideOptional
          value={form.preset}
          description="Wordt gebruikt als u 'Een voorbeeldregeling' kiest."
          options={Object.values(presets).map((p) => ({ value: p.key, label: `${p.title} (${p.key})` }))}
          error={errors['preset']}
        />
        <TextArea
          name="document"
          label={LABELS.document!}
          hideOptional
          value={form.document}
          rows={14}
          description="Wordt gebruikt als u 'Eigen tekst' kiest. Hier staat de regeling die nu geldt; pas haar aan en activeer haar als nieuwe versie. Een fout noemt het veld, bijvoorbeeld deadlines.decision.amount."
          error={errors['document']}
        />
        <fieldset class="utrecht-form-fieldset kw-choices">
          <legend class="utrecht-form-fieldset__legend">Open punten</legend>
          {items.length ? (
            <>
              <p class="utrecht-paragraph">
                Deze regeling laat {items.length === 1 ? 'één punt' : `${items.length} punten`} open. Vul {items.length === 1 ? 'het' : 'ze'} in: zonder deze gegevens kan
                de regeling niet worden geactiveerd.
              </p>
              {items.map((item) => (
                <TextField
                  name={fillField(item.key)}
                  label={openPointLabel(item)}
                  description={openPointDescription(item)}
                  value={form.fills[item.key]}
                  error={errors[fillField(item.key)]}
                  required
                  type={item.expects === 'date' ? 'date' : item.expects === 'email' ? 'email' : item.expects === 'phone' ? 'tel' : 'text'}
                />
              ))}
            </>
          ) : (
            <p class="utrecht-paragraph">Deze regeling heeft geen open punten.</p>
          )}
          <p class="utrecht-paragraph kw-muted">Kiest u een andere voorbeeldregeling of tekst? Klik dan eerst op 'Voorbeeld bekijken'; dan ziet u de open punten daarvan.</p>
        </fieldset>
        <fieldset class="utrecht-form-fieldset kw-choices">
          <legend class="utrecht-form-fieldset__legend">Welke wetten gelden voor uw organisatie?</legend>
          <p class="utrecht-paragraph kw-muted">Klachtwijs toetst de regeling aan de wetten die u aanvinkt.</p>
          {LEGAL_FRAMEWORKS.map((f) => (
            <div class="kw-choice">
              <input
                class="utrecht-checkbox utrecht-checkbox--html-input"
                type="checkbox"
                name="frameworks"
                id={`framework-${f}`}
                value={f}
                checked={form.frameworks.includes(f)}
              />
              <label class="utrecht-form-label utrecht-form-label--checkbox" for={`framework-${f}`}>
                {LEGAL_FRAMEWORK_LABELS[f]}
              </label>
            </div>
          ))}
        </fieldset>
        <TextField
          name="voorbeelddatum"
          label={LABELS.voorbeelddatum!}
          type="date"
          value={form.sampleDate}
          description="Voor het voorbeeld van de termijnen: de dag waarop een klacht binnenkomt."
          error={errors['voorbeelddatum']}
        />
        {legalErrors.length ? (
          <CheckboxField
            name="ondanksFouten"
            label="Ik activeer deze versie ondanks de fouten uit de wettelijke toets"
            description={`De toets vond: ${legalErrors.map((f) => f.message).join(' ')}`}
            error={errors['ondanksFouten']}
          />
        ) : null}
        <div class="kw-actions">
          <button type="submit" name="actie" value="voorbeeld" class="utrecht-button utrecht-button--secondary-action">
            Voorbeeld bekijken
          </button>
          <button type="submit" name="actie" value="activeren" class="utrecht-button utrecht-button--primary-action">
            Activeren als nieuwe versie
          </button>
        </div>
      </form>
      {preview && text && !hasErrors ? (
        <section aria-labelledby="voorbeeld" class="kw-preview">
          <h2 class="utrecht-heading-2" id="voorbeeld">
            Voorbeeld: {text.title}
          </h2>
          <Alert kind="info">Dit is een voorbeeld. Er is nog niets geactiveerd.</Alert>
          {preview.stillOpen.length ? (
            <Alert kind="warning">
              Nog niet ingevuld: {preview.stillOpen.map(openPointLabel).join(', ')}. Zonder deze gegevens kan de regeling niet worden geactiveerd.
            </Alert>
          ) : null}
          <h3 class="utrecht-heading-3">Wettelijke toets</h3>
          <LegalFindings findings={legalCheck(preview.regulation, form.frameworks)} frameworks={form.frameworks} />
          <h3 class="utrecht-heading-3">Termijnen</h3>
          <p class="utrecht-paragraph">Komt een klacht binnen op {weekdayDate(preview.sampleDate)}, dan gelden deze uiterste data:</p>
          <DueDatesTable received={preview.sampleDate} due={milestones(preview.regulation, new Date(`${preview.sampleDate}T12:00:00Z`))} />
          <h3 class="utrecht-heading-3">Tekst voor de openbare pagina</h3>
          <RegulationSections text={text} level={4} idPrefix="voorbeeld-deel" />
          <div class="kw-actions">
            <button type="submit" form="regeling-formulier" name="actie" value="activeren" class="utrecht-button utrecht-button--primary-action">
              Activeren als nieuwe versie
            </button>
          </div>
        </section>
      ) : null}
    </>,
    { status: hasErrors || opts.message ? 422 : 200 },
  );
}

function today(): IsoDate {
  return dayZero(new Date());
}

regulationAdminRoutes.get(EDITOR, async (c) => {
  const actor = requireAdmin(c);
  const { db } = c.get('deps');
  const units = await listUnits(db, actor.organisationId);
  const asked = c.req.query('eenheid') ?? '';
  const unitId = units.some((u) => u.id === asked) ? asked : '';
  const active = await activeRegulation(db, actor.organisationId, unitId || null);
  const startFrom = getPreset(c.req.query('basis') ?? '');
  const chosen = getPreset(c.req.query('preset') ?? '');
  const form: EditorForm = {
    unitId,
    bron: startFrom || (c.req.query('bron') === 'tekst' && active) ? 'tekst' : 'preset',
    preset: chosen?.key ?? startFrom?.key ?? active?.preset ?? PRESET_KEYS[0]!,
    document: startFrom ? toYaml(startFrom.build()) : active ? toYaml(active.regulation) : '',
    frameworks: active?.frameworks ?? [],
    sampleDate: today(),
    fills: {},
  };
  return editorPage(c, form);
});

regulationAdminRoutes.post(EDITOR, async (c) => {
  const actor = requireAdmin(c);
  const { values: body } = await readForm(c);
  const many = (name: string): string[] => {
    const v = body[name];
    return Array.isArray(v) ? v : v === undefined ? [] : [v];
  };
  const one = (name: string): string => many(name).at(-1) ?? '';
  const form: EditorForm = {
    unitId: one('unitId'),
    bron: one('bron') === 'tekst' ? 'tekst' : 'preset',
    preset: one('preset'),
    document: one('document'),
    frameworks: LEGAL_FRAMEWORKS.filter((f) => many('frameworks').includes(f)),
    sampleDate: one('voorbeelddatum').trim() || today(),
    fills: Object.fromEntries(
      Object.keys(body)
        .filter((k) => k.startsWith('fill.'))
        .map((k) => [k.slice(5), one(k)]),
    ),
  };
  const base = baseOf(form);
  if (!base.ok) return editorPage(c, form, { errors: base.errors });
  const items = itemsToFill(base.regulation);
  const fills = fillsFor(form, items);
  const { db } = c.get('deps');
  const org = await organisationOf(c, actor);

  if (one('actie') === 'activeren') {
    // A version the legal check finds errors in is only activated on purpose: the admin ticks that they
    // activate it anyway (the findings are shown with the preview).
    const checked = prepareRegulation(base.source, org, fills);
    if (checked.ok && one('ondanksFouten') !== 'ja' && legalCheck(checked.regulation, form.frameworks).some((f) => f.severity === 'error')) {
      return editorPage(c, form, {
        items,
        errors: { ondanksFouten: 'De wettelijke toets vond fouten in deze versie. Los ze op, of vink aan dat u haar toch activeert.' },
        preview: { regulation: checked.regulation, stillOpen: [], sampleDate: isRecordDate(form.sampleDate) ? form.sampleDate : today() },
        message: 'De klachtenregeling is niet geactiveerd: de wettelijke toets vond fouten.',
      });
    }
    try {
      const active = await db.transaction().execute((tx) =>
        activateRegulation(tx, { organisationId: org.id, unitId: form.unitId || null, source: base.source, fills, frameworks: form.frameworks, actorUserId: actor.userId }),
      );
      // An explicit fragment: the browser would otherwise carry the form's #voorbeeld over to the overview.
      // Versions are numbered per scope: a unit's activation says which unit's version it is.
      return c.redirect(`${BASE}?geactiveerd=${active.version}${active.unitId ? `&eenheid=${active.unitId}` : ''}#inhoud`, 303);
    } catch (err) {
      // The regulation in force requires an approval before an adjusted version is published (003 Bekendmaking, ADR 0018).
      if (err instanceof AppError && err.code === 'not_permitted') return editorPage(c, form, { items, message: err.message });
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      const errors: FieldErrors = {};
      const documentTexts: string[] = [];
      for (const f of err.fields) {
        if (f.field.startsWith('fill.')) {
          const key = f.field.slice(5);
          errors[f.field] ??= fills[key] === undefined ? 'Vul dit open punt in. Zonder dit gegeven kan de regeling niet worden geactiveerd.' : f.message;
        } else if (f.field === 'unitId' || f.field === 'preset') errors[f.field] ??= f.message;
        else documentTexts.push(f.field === '_' ? f.message : `${f.field}: ${f.message}`);
      }
      if (documentTexts.length) errors['document'] = documentErrors(documentTexts);
      // A wrongly filled point stops the check early; the empty ones are still required.
      for (const item of items) if (fills[item.key] === undefined) errors[fillField(item.key)] ??= 'Vul dit open punt in. Zonder dit gegeven kan de regeling niet worden geactiveerd.';
      const openPoints = err.fields.some((f) => f.field.startsWith('fill.'));
      return editorPage(c, form, { errors, items, message: openPoints ? 'De klachtenregeling is niet geactiveerd: vul eerst de open punten in.' : err.message });
    }
  }

  // Preview: what would be activated, without activating. Empty open points are shown as still open,
  // a wrongly filled one gets its message at the field.
  const errors: FieldErrors = {};
  if (!isRecordDate(form.sampleDate)) errors['voorbeelddatum'] = RECORD_DATE_MESSAGE;
  const prepared = prepareRegulation(base.source, org, fills);
  if (!prepared.ok) {
    for (const issue of prepared.issues) {
      if (issue.field.startsWith('fill.')) {
        if (fills[issue.field.slice(5)] !== undefined) errors[issue.field] ??= issue.message;
      } else errors[issue.field === 'preset' ? 'preset' : 'document'] ??= issue.message;
    }
  }
  const regulation = prepared.ok ? prepared.regulation : (prepared.regulation ?? base.regulation);
  const stillOpen = items.filter((i) => fills[i.key] === undefined);
  return editorPage(c, form, {
    errors,
    items,
    ...(isRecordDate(form.sampleDate) ? { preview: { regulation, stillOpen, sampleDate: form.sampleDate } } : {}),
  });
});
