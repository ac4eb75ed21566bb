import { Hono } from 'hono';
import { toYaml } from '../../regulations/yaml.ts';
import { dayZero, isRecordDate, RECORD_DATE_MESSAGE, type IsoDate } from '../../domain/deadlines/index.ts';
import {
  adoptPreset,
  applyFills,
  articleRef,
  CHANNEL_LABELS,
  CHANNELS,
  describeRegulationChanges,
  dutchDate,
  EFFECTIVE_DATE_LABEL,
  LEGAL_FRAMEWORK_LABELS,
  LEGAL_FRAMEWORKS,
  legalCheck,
  milestones,
  openItems,
  organisationFills,
  parseRegulationDocument,
  renderRegulationText,
  type LegalFramework,
  type OpenItem,
  type Regulation,
} from '../../domain/regulation/index.ts';
import { applyEditorValues, editorFieldLabels, editorValues, fieldForPath, partLabel, type EditorValues } from '../../domain/regulation/edit.ts';
import { outcomesSummary } from '../../domain/regulation/outcomes-text.ts';
import { getPreset, presets, PRESET_KEYS } from '../../regulations/library.ts';
import type { Unit } from '../../db/types.ts';
import { AppError } from '../../shared/errors.ts';
import { hasRole, type Actor } from '../../usecases/actor.ts';
import { organisationFrameworkState } from '../../usecases/organisations/legal-frameworks.ts';
import {
  activateRegulation,
  activeRegulation,
  listRegulationVersions,
  outcomesNoticeOf,
  prepareRegulation,
  type ActiveRegulation,
  type RegulationSource,
} from '../../usecases/regulations/regulations.ts';
import { listUnits } from '../../usecases/units/units.ts';
import { readForm, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { page } from '../render.tsx';
import { Alert, CheckboxField, ChoiceGroup, CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FieldErrors } from '../views/forms.tsx';
import { basedOnText, PresetChoice, RegulationFields } from '../views/regulation-editor.tsx';
import { DueDatesTable, LegalFindings, RegulationSections, weekdayDate } from '../views/regulation-text.tsx';
import { capitalise } from '../../shared/text.ts';

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

const ScopeCard = ({ heading, id, active, orgSlug, unit, isAdmin, frameworks }: { heading: string; id: string; active: ActiveRegulation | null; orgSlug: string; unit: Unit | null; isAdmin: boolean; frameworks?: LegalFramework[] | undefined }) => {
  // The notice the editor shows on a version stored before `handling.decision.outcomes` (ADR 0003): every outcome stays
  // available while the model now says otherwise. Staff who only read the overview hear it too.
  const outcomesNotice = active ? outcomesNoticeOf(active, { makesVersions: isAdmin }) : null;
  return (
  <section class="kw-card" aria-labelledby={id}>
    <h3 class="utrecht-heading-3" id={id}>
      {heading}
    </h3>
    {active ? (
      <>
        <p class="utrecht-paragraph">
          <strong>{active.regulation.metadata.title}</strong> — versie {active.version}, geactiveerd op {dutchDay(active.activatedAt)},{' '}
          {basedOnText(active.preset)}.
        </p>
        {outcomesNotice ? <Alert kind="warning">{outcomesNotice}</Alert> : null}
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
        <LegalFindings findings={legalCheck(active.regulation, frameworks ?? active.frameworks)} frameworks={frameworks ?? active.frameworks} />
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
};

regulationAdminRoutes.get(BASE, async (c) => {
  const actor = requireViewer(c);
  const isAdmin = hasRole(actor, 'admin');
  const { db } = c.get('deps');
  const org = await organisationOf(c, actor);
  const [units, versions] = await Promise.all([listUnits(db, org.id), listRegulationVersions(db, org.id)]);
  const ownUnits = units.filter((u) => versions.some((v) => v.unit_id === u.id));
  const [orgActive, ...unitActive] = await Promise.all([activeRegulation(db, org.id, null), ...ownUnits.map((u) => activeRegulation(db, org.id, u.id))]);
  // Issue 12: the organisation's own frameworks (Beheer → Wetten) once stated; before that, those stored with the version.
  const laws = await organisationFrameworkState(db, org.id);
  const frameworks = laws.stated ? laws.frameworks : undefined;
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
      {isAdmin ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/beheer/wetten">
            Welke wetten gelden voor uw organisatie?
          </a>{' '}
          <span class="kw-muted">(de wettelijke toets hieronder gaat uit van uw keuze)</span>
        </p>
      ) : null}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/regeling/evaluatie">
          Regeling evalueren
        </a>{' '}
        <span class="kw-muted">(de evaluatie die de regeling zelf voorschrijft, met concept, verschil en goedkeuring)</span>
      </p>
      <h2 class="utrecht-heading-2">Actieve regelingen</h2>
      <ScopeCard heading="Hele organisatie" id="scope-organisatie" active={orgActive ?? null} orgSlug={org.slug} unit={null} isAdmin={isAdmin} frameworks={frameworks} />
      {ownUnits.map((u, i) => (
        <ScopeCard heading={u.name} id={`scope-${u.slug}`} active={unitActive[i] ?? null} orgSlug={org.slug} unit={u} isAdmin={isAdmin} frameworks={frameworks} />
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
              <th class="utrecht-table__header-cell" scope="col">Basis</th>
              <th class="utrecht-table__header-cell" scope="col">Geactiveerd op</th>
              <th class="utrecht-table__header-cell" scope="col">Door</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {versions.map((v) => (
              <tr class="utrecht-table__row">
                <td class="utrecht-table__cell">{v.version}</td>
                <td class="utrecht-table__cell">{v.unit_name ?? 'Hele organisatie'}</td>
                <td class="utrecht-table__cell">{basedOnText(v.preset)}</td>
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

// --- Editor: fields, preview, difference and activation ------------------------------------------

/**
 * Where a new version starts: the version that applies now (its fills and changes carried over), a
 * voorbeeld- of modelregeling, or the regulation as a text file (the advanced view).
 */
type Start = 'actief' | 'preset' | 'tekst';

interface EditorForm {
  unitId: string;
  bron: Start;
  preset: string;
  document: string;
  frameworks: LegalFramework[];
  /** The organisation stated its frameworks (Beheer → Wetten): the check uses those, nothing to tick here. */
  frameworksStated: boolean;
  sampleDate: string;
  /** Raw values of the open-point fields, by their name in the regulation. */
  fills: Record<string, string>;
  /** Raw values of the part fields (`veld.*`), as typed. */
  velden: EditorValues;
  /** The starting point the part fields were shown for; typed values apply only to that one. */
  veldenVan: string;
}

const YAML_LABEL = 'Geavanceerd: de regeling als tekstbestand (YAML)';

const LABELS: Record<string, string> = {
  unitId: 'Voor wie geldt deze versie?',
  bron: 'Waar begint u mee?',
  preset: 'Welke voorbeeld- of modelregeling?',
  document: YAML_LABEL,
  voorbeelddatum: 'Voorbeelddatum van ontvangst',
  ondanksFouten: 'Toch activeren',
};

/** Short Dutch labels for the open points the voorbeeldregelingen leave, by where they sit. */
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
  'metadata.effectiveDate': EFFECTIVE_DATE_LABEL,
};

function openPointLabel(item: OpenItem): string {
  const known = OPEN_POINT_LABELS[item.where];
  if (known) return known;
  if (item.kind === 'placeholder') {
    const words = item.where.replace(/^\[|\]$/g, '');
    return capitalise(words);
  }
  // Never the point's internal name: its question is what the admin answers.
  return item.question;
}

function openPointDescription(item: OpenItem): string {
  const ref = articleRef(item.source.article);
  if (item.expects === 'channels') {
    // The question's own instructions name the channels as the text file writes them: the checkboxes replace them.
    const question = item.question.includes('?') ? `${item.question.split('?')[0]}?` : item.question;
    return `${question} Kies er een of meer.${ref ? ` (Bron: ${ref} van de regeling.)` : ''}`;
  }
  const example = item.example ? ` Bijvoorbeeld: ${item.example}.` : '';
  return `${item.question}${example}${ref ? ` (Bron: ${ref} van de regeling.)` : ''}`;
}

const fillField = (key: string) => `fill.${key}`;

/** Open points and placeholders the admin fills in; the organisation's name is filled automatically. */
function itemsToFill(reg: Regulation): OpenItem[] {
  const fromOrg = new Set(reg.placeholders.filter((p) => p.fromOrganisation === 'name').map((p) => p.key));
  return openItems(reg).filter((i) => !(i.kind === 'placeholder' && fromOrg.has(i.key)));
}

type Base = { ok: true; id: string; source: RegulationSource; regulation: Regulation } | { ok: false; errors: FieldErrors };

/**
 * The regulation the form starts from: the version that applies now, the chosen voorbeeldregeling as this
 * organisation adopts it, or the typed text (errors name the part in Dutch and the place in the text).
 */
function baseOf(form: EditorForm, org: { name: string }, active: ActiveRegulation | null): Base {
  if (form.bron === 'tekst') {
    if (form.document.trim() === '') return { ok: false, errors: { document: 'Plak of schrijf hier de tekst van de regeling.' } };
    const parsed = parseRegulationDocument(form.document);
    if (!parsed.success) return { ok: false, errors: { document: documentErrors(parsed.issues.map((i) => issueText(i.path, i.message))) } };
    return { ok: true, id: 'tekst', source: { document: parsed.data }, regulation: parsed.data };
  }
  if (form.bron === 'actief') {
    if (!active) return { ok: false, errors: { bron: 'Er geldt nog geen versie. Kies een voorbeeld- of modelregeling.' } };
    return { ok: true, id: `actief:${active.versionId}`, source: { document: active.regulation }, regulation: active.regulation };
  }
  const preset = getPreset(form.preset);
  if (!preset) return { ok: false, errors: { preset: 'Kies een voorbeeld- of modelregeling uit de lijst.' } };
  // The preset as this organisation adopts it, its own name in the template's places too (003: "Klachtenregeling [naam
  // organisatie]"): the editor's fields show the title as it will be published (prepareRegulation fills the same).
  const adopted = adoptPreset(preset.build(), preset.organisationNames, org.name);
  const named = applyFills(adopted, organisationFills(adopted, org));
  return { ok: true, id: `preset:${preset.key}`, source: { preset: preset.key }, regulation: named.ok ? named.regulation : adopted };
}

/** A problem in the text file: the part in Dutch, then the place in the text for the advanced reader. */
function issueText(path: string, message: string): string {
  return path === '' ? message : `${partLabel(path)} (${path}): ${message}`;
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

/**
 * The legal frameworks the check uses: the organisation's own (stated once on Beheer → Wetten, issue 12); until it has
 * stated them, the ones the admin ticks here. The version keeps them.
 */
function frameworksToCheck(form: EditorForm): LegalFramework[] {
  return form.frameworks;
}

/** The draft: the base with the part fields applied (when they were shown for this base). */
interface Draft {
  base: Base & { ok: true };
  regulation: Regulation;
  source: RegulationSource;
  values: EditorValues;
  fieldErrors: FieldErrors;
  /** The part fields were shown for this base and applied. */
  applied: boolean;
}

function draftOf(form: EditorForm, base: Base & { ok: true }): Draft {
  if (form.bron === 'tekst' || form.veldenVan !== base.id) {
    return { base, regulation: base.regulation, source: base.source, values: editorValues(base.regulation), fieldErrors: {}, applied: false };
  }
  const edit = applyEditorValues(base.regulation, form.velden);
  const ok = Object.keys(edit.errors).length === 0;
  const regulation = ok ? edit.regulation : base.regulation;
  return {
    base,
    regulation,
    source: ok && edit.changed ? { document: edit.regulation } : base.source,
    values: form.velden,
    fieldErrors: edit.errors,
    applied: true,
  };
}

/** Puts validation problems at their fields; those without a field go to the summary, in plain Dutch. */
function placeIssues(reg: Regulation, issues: { field: string; message: string }[], errors: FieldErrors, summary: string[]): void {
  for (const issue of issues) {
    if (issue.field.startsWith('fill.') || issue.field === 'unitId' || issue.field === 'preset') {
      errors[issue.field] ??= issue.message;
      continue;
    }
    const field = issue.field === '_' ? null : fieldForPath(reg, issue.field);
    if (field) errors[field] ??= issue.message;
    else summary.push(issue.field === '_' ? issue.message : `${partLabel(issue.field)}: ${issue.message}`);
  }
}

interface Preview {
  regulation: Regulation;
  stillOpen: OpenItem[];
  sampleDate: IsoDate;
}

async function editorPage(
  c: AppContext,
  form: EditorForm,
  opts: { errors?: FieldErrors; message?: string; preview?: Preview; draft?: Draft | null; problems?: string[] } = {},
) {
  const actor = requireAdmin(c);
  const { db } = c.get('deps');
  const org = await organisationOf(c, actor);
  const units = await listUnits(db, org.id);
  const active = await activeRegulation(db, org.id, form.unitId || null);
  const errors = { ...(opts.draft?.fieldErrors ?? {}), ...(opts.errors ?? {}) };
  let draft = opts.draft;
  if (draft === undefined) {
    const base = baseOf(form, org, active);
    draft = base.ok ? draftOf(form, base) : null;
  }
  const items = draft ? itemsToFill(draft.regulation) : [];
  const labels: Record<string, string> = {
    ...LABELS,
    ...(draft ? editorFieldLabels(draft.base.regulation) : {}),
    ...Object.fromEntries(items.map((i) => [fillField(i.key), openPointLabel(i)])),
  };
  const preview = opts.preview;
  const frameworks = frameworksToCheck(form);
  const text = preview ? renderRegulationText(preview.regulation, org) : null;
  const legalErrors = preview ? legalCheck(preview.regulation, frameworks).filter((f) => f.severity === 'error') : [];
  const changes = preview && active ? describeRegulationChanges(active.regulation, preview.regulation) : null;
  const outcomesNotice = active ? outcomesNoticeOf(active) : null;
  // The only refusal that still shows the preview: its legal findings explain the checkbox.
  const hasErrors = Object.entries(errors).some(([k, v]) => v && k !== 'ondanksFouten') || (opts.problems?.length ?? 0) > 0;
  const yaml = form.bron === 'tekst' ? form.document : draft ? toYaml(draft.regulation) : form.document;
  const rolesHref = `/rollen${form.unitId ? `?eenheid=${form.unitId}` : ''}`;
  return page(
    c,
    'Nieuwe versie van de klachtenregeling',
    <>
      <h1 class="utrecht-heading-1">Nieuwe versie van de klachtenregeling</h1>
      <p class="utrecht-paragraph">
        Kies waar u mee begint, vul de vragen in die de regeling open laat en pas aan wat bij uw organisatie anders is. Bekijk daarna het voorbeeld: u ziet
        de termijnen, de tekst en wat er verandert. Na <strong>Activeren als nieuwe versie</strong> werken nieuwe klachten volgens deze versie.{' '}
        <a class="utrecht-link" href={BASE}>
          Terug naar het overzicht
        </a>
      </p>
      {opts.message ? <Alert kind="error">{opts.message}</Alert> : null}
      {outcomesNotice ? <Alert kind="warning">{outcomesNotice}</Alert> : null}
      <ErrorSummary errors={errors} labels={labels} />
      {opts.problems?.length ? (
        <Alert kind="error">
          <p class="utrecht-paragraph">Deze onderdelen van de regeling kloppen nog niet:</p>
          <ul class="utrecht-unordered-list">
            {opts.problems.map((p) => (
              <li class="utrecht-unordered-list__item">{p}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <form method="post" action={`${EDITOR}#voorbeeld`} id="regeling-formulier" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <input type="hidden" name="veldenVan" value={draft && form.bron !== 'tekst' ? draft.base.id : ''} />
        <h2 class="utrecht-heading-2">Stap 1: waar begint u mee?</h2>
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
        <ChoiceGroup
          type="radio"
          name="bron"
          id="bron"
          legend={LABELS.bron!}
          required
          value={form.bron}
          error={errors['bron']}
          options={[
            ...(active
              ? [{ value: 'actief', label: `De versie die nu geldt (versie ${active.version}: ${active.regulation.metadata.title})`, description: 'Uw ingevulde gegevens en aanpassingen blijven staan.' }]
              : []),
            { value: 'preset', label: 'Een voorbeeld- of modelregeling', description: 'Kies hieronder welke. Wat u eerder invulde, vullen wij weer voor u in.' },
            { value: 'tekst', label: YAML_LABEL, description: 'Voor gevorderden: u past de hele regeling aan in het tekstvak onderaan.' },
          ]}
        />
        <PresetChoice presets={Object.values(presets)} value={form.preset} error={errors['preset']} />
        <div class="kw-actions">
          <button type="submit" name="actie" value="kies" class="utrecht-button utrecht-button--secondary-action">
            Begin hiermee
          </button>
        </div>

        <h2 class="utrecht-heading-2">Stap 2: vragen die de regeling open laat</h2>
        <fieldset class="utrecht-form-fieldset kw-choices">
          <legend class="utrecht-form-fieldset__legend">Vragen die de regeling open laat</legend>
          {items.length ? (
            <>
              <p class="utrecht-paragraph">
                Deze regeling laat {items.length === 1 ? 'één vraag' : `${items.length} vragen`} open. Vul {items.length === 1 ? 'het antwoord' : 'de antwoorden'} in: zonder
                deze gegevens kan de regeling niet worden geactiveerd.
              </p>
              {items.map((item) =>
                item.expects === 'channels' ? (
                  <ChoiceGroup
                    type="checkbox"
                    name={fillField(item.key)}
                    id={fillField(item.key)}
                    legend={openPointLabel(item)}
                    required
                    description={openPointDescription(item)}
                    value={(form.fills[item.key] ?? '').split(',').map((v) => v.trim())}
                    error={errors[fillField(item.key)]}
                    options={CHANNELS.map((ch) => ({ value: ch, label: CHANNEL_LABELS[ch] }))}
                  />
                ) : (
                <TextField
                  name={fillField(item.key)}
                  label={openPointLabel(item)}
                  description={openPointDescription(item)}
                  value={form.fills[item.key]}
                  error={errors[fillField(item.key)]}
                  required
                  type={item.expects === 'date' ? 'date' : item.expects === 'email' ? 'email' : item.expects === 'phone' ? 'tel' : 'text'}
                />
                ),
              )}
            </>
          ) : (
            <p class="utrecht-paragraph">Deze regeling laat geen vragen open.</p>
          )}
          <p class="utrecht-paragraph kw-muted">Kiest u een andere regeling? Klik dan eerst op 'Begin hiermee'; dan ziet u de vragen daarvan.</p>
        </fieldset>

        <h2 class="utrecht-heading-2">Stap 3: de onderdelen van de regeling</h2>
        {draft && form.bron !== 'tekst' ? (
          <RegulationFields reg={draft.base.regulation} values={draft.values} errors={errors} rolesHref={rolesHref} />
        ) : (
          <p class="utrecht-paragraph">U past de regeling aan als tekstbestand (onderaan). Kies bij stap 1 een andere start om met velden te werken.</p>
        )}

        <h2 class="utrecht-heading-2">Stap 4: controleren en activeren</h2>
        {form.frameworksStated ? (
          <p class="utrecht-paragraph">
            Klachtwijs toetst de regeling aan de wetten die volgens uw instellingen voor uw organisatie gelden:{' '}
            {form.frameworks.length ? form.frameworks.map((f) => LEGAL_FRAMEWORK_LABELS[f]).join(', ') : 'geen'}.{' '}
            <a class="utrecht-link" href="/beheer/wetten">Wetten aanpassen</a>
          </p>
        ) : (
        <fieldset class="utrecht-form-fieldset kw-choices">
          <legend class="utrecht-form-fieldset__legend">Welke wetten gelden voor uw organisatie?</legend>
          <p class="utrecht-paragraph kw-muted">
            Klachtwijs toetst de regeling aan de wetten die u aanvinkt. U kunt dit ook één keer voor de hele organisatie vastleggen bij{' '}
            <a class="utrecht-link" href="/beheer/wetten">Wetten</a>.
          </p>
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
        )}
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

        <details class="kw-advanced" open={form.bron === 'tekst' ? true : undefined}>
          <summary>{YAML_LABEL}</summary>
          <TextArea
            name="document"
            label={YAML_LABEL}
            hideOptional
            value={yaml}
            rows={14}
            description="Hier staat de regeling zoals ze nu in het formulier staat. Kiest u bij stap 1 voor het tekstbestand, dan telt wat hier staat. Een fout noemt het onderdeel en de plaats in de tekst."
            error={errors['document']}
          />
          <div class="kw-actions">
            <button type="submit" name="actie" value="downloaden" class="utrecht-button utrecht-button--secondary-action">
              Tekstbestand downloaden
            </button>
          </div>
        </details>
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
          <p class="utrecht-paragraph">
            <strong>Hoe de regeling beslist:</strong> {outcomesSummary(preview.regulation.handling.decision.outcomes)}.
          </p>
          <h3 class="utrecht-heading-3" id="verschil">
            Wat verandert er ten opzichte van de versie die nu geldt?
          </h3>
          {!active ? (
            <p class="utrecht-paragraph">Er geldt nog geen versie: dit wordt de eerste.</p>
          ) : changes && changes.length ? (
            <ul class="utrecht-unordered-list kw-changes">
              {changes.map((line) => (
                <li class="utrecht-unordered-list__item">{line}</li>
              ))}
            </ul>
          ) : (
            <p class="utrecht-paragraph">In de velden van dit formulier verandert niets. Zie de tekst hieronder voor de rest van de regeling.</p>
          )}
          <h3 class="utrecht-heading-3">Wettelijke toets</h3>
          <LegalFindings findings={legalCheck(preview.regulation, frameworks)} frameworks={frameworks} />
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

/** The active version's answers to the open points of `items` that the form leaves empty: never retyped. */
function carryFills(form: EditorForm, items: OpenItem[], active: ActiveRegulation | null): void {
  if (!active) return;
  for (const item of items) {
    const prev = active.fills[item.key];
    if ((form.fills[item.key] ?? '').trim() === '' && prev !== undefined) form.fills[item.key] = prev;
  }
}

regulationAdminRoutes.get(EDITOR, async (c) => {
  const actor = requireAdmin(c);
  const { db } = c.get('deps');
  const units = await listUnits(db, actor.organisationId);
  const asked = c.req.query('eenheid') ?? '';
  const unitId = units.some((u) => u.id === asked) ? asked : '';
  const active = await activeRegulation(db, actor.organisationId, unitId || null);
  const laws = await organisationFrameworkState(db, actor.organisationId); // issue 12: the organisation's own frameworks first
  const startFrom = getPreset(c.req.query('basis') ?? '');
  const chosen = getPreset(c.req.query('preset') ?? c.req.query('voorbeeld') ?? '');
  const form: EditorForm = {
    unitId,
    bron: startFrom || (c.req.query('bron') === 'tekst' && active) ? 'tekst' : chosen || !active ? 'preset' : 'actief',
    preset: chosen?.key ?? startFrom?.key ?? active?.preset ?? PRESET_KEYS[0]!,
    document: startFrom ? toYaml(startFrom.build()) : active ? toYaml(active.regulation) : '',
    frameworks: laws.stated ? laws.frameworks : (active?.frameworks ?? []),
    frameworksStated: laws.stated,
    sampleDate: today(),
    fills: {},
    velden: {},
    veldenVan: '',
  };
  const org = await organisationOf(c, actor);
  const base = baseOf(form, org, active);
  if (base.ok) carryFills(form, itemsToFill(base.regulation), active);
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
  const bron = one('bron');
  const laws = await organisationFrameworkState(c.get('deps').db, actor.organisationId);
  const form: EditorForm = {
    unitId: one('unitId'),
    bron: bron === 'tekst' ? 'tekst' : bron === 'actief' ? 'actief' : 'preset',
    preset: one('preset'),
    document: one('document'),
    frameworks: laws.stated ? laws.frameworks : LEGAL_FRAMEWORKS.filter((f) => many('frameworks').includes(f)),
    frameworksStated: laws.stated,
    sampleDate: one('voorbeelddatum').trim() || today(),
    fills: Object.fromEntries(
      Object.keys(body)
        .filter((k) => k.startsWith('fill.'))
        // Several values (the channels as checkboxes) travel as one comma-separated answer.
        .map((k) => [k.slice(5), many(k).join(',')]),
    ),
    velden: Object.fromEntries(Object.keys(body).filter((k) => k.startsWith('veld.')).map((k) => [k, body[k]])),
    veldenVan: one('veldenVan'),
  };
  const { db } = c.get('deps');
  const org = await organisationOf(c, actor);
  const active = await activeRegulation(db, org.id, form.unitId || null);
  const base = baseOf(form, org, active);
  if (!base.ok) return editorPage(c, form, { errors: base.errors, draft: null });
  const actie = one('actie');
  const switched = form.bron !== 'tekst' && form.veldenVan !== base.id;
  if (switched && actie !== 'activeren') {
    // A new starting point: its fields fresh, the answers the version in force gave carried over. The same
    // starting point again (or Enter in a field, which presses the form's first button) keeps what was typed.
    const fresh = { ...form, velden: {}, veldenVan: '' };
    carryFills(fresh, itemsToFill(base.regulation), active);
    if (actie === 'kies') return editorPage(c, fresh);
    form.fills = fresh.fills;
  }
  const draft = draftOf(form, base);
  const items = itemsToFill(draft.regulation);
  const fills = fillsFor(form, items);
  if (Object.keys(draft.fieldErrors).length) {
    return editorPage(c, form, { draft, message: 'Niet alle gegevens zijn goed ingevuld. Kijk bij de velden met een foutmelding.' });
  }

  if (actie === 'downloaden') {
    const prepared = prepareRegulation(draft.source, org, fills);
    const doc = prepared.ok ? prepared.regulation : (prepared.regulation ?? draft.regulation);
    c.header('content-type', 'application/yaml; charset=utf-8');
    c.header('content-disposition', 'attachment; filename="klachtenregeling.yaml"');
    return c.body(toYaml(doc));
  }

  if (actie === 'activeren') {
    // A version the legal check finds errors in is only activated on purpose: the admin ticks that they
    // activate it anyway (the findings are shown with the preview).
    const checked = prepareRegulation(draft.source, org, fills);
    if (checked.ok && one('ondanksFouten') !== 'ja' && legalCheck(checked.regulation, frameworksToCheck(form)).some((f) => f.severity === 'error')) {
      return editorPage(c, form, {
        draft,
        errors: { ondanksFouten: 'De wettelijke toets vond fouten in deze versie. Los ze op, of vink aan dat u haar toch activeert.' },
        preview: { regulation: checked.regulation, stillOpen: [], sampleDate: isRecordDate(form.sampleDate) ? form.sampleDate : today() },
        message: 'De klachtenregeling is niet geactiveerd: de wettelijke toets vond fouten.',
      });
    }
    try {
      const activated = await db.transaction().execute((tx) =>
        activateRegulation(tx, { organisationId: org.id, unitId: form.unitId || null, source: draft.source, fills, frameworks: frameworksToCheck(form), actorUserId: actor.userId }),
      );
      // An explicit fragment: the browser would otherwise carry the form's #voorbeeld over to the overview.
      // Versions are numbered per scope: a unit's activation says which unit's version it is.
      return c.redirect(`${BASE}?geactiveerd=${activated.version}${activated.unitId ? `&eenheid=${activated.unitId}` : ''}#inhoud`, 303);
    } catch (err) {
      // The regulation in force requires an approval before an adjusted version is published (003 Bekendmaking, ADR 0018).
      if (err instanceof AppError && err.code === 'not_permitted') return editorPage(c, form, { draft, message: err.message });
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      const errors: FieldErrors = {};
      const problems: string[] = [];
      placeIssues(draft.base.regulation, err.fields, errors, problems);
      for (const [k, v] of Object.entries(errors)) {
        if (k.startsWith('fill.') && fills[k.slice(5)] === undefined) errors[k] = v && 'Vul dit antwoord in. Zonder dit gegeven kan de regeling niet worden geactiveerd.';
      }
      // A wrongly filled point stops the check early; the empty ones are still required.
      for (const item of items) if (fills[item.key] === undefined) errors[fillField(item.key)] ??= 'Vul dit antwoord in. Zonder dit gegeven kan de regeling niet worden geactiveerd.';
      if (form.bron === 'tekst' && problems.length) {
        errors['document'] = documentErrors(problems);
        problems.length = 0;
      }
      const openPoints = err.fields.some((f) => f.field.startsWith('fill.'));
      return editorPage(c, form, {
        draft,
        errors,
        problems,
        message: openPoints ? 'De klachtenregeling is niet geactiveerd: vul eerst de vragen in die de regeling open laat.' : 'De klachtenregeling is niet geactiveerd: niet alle gegevens zijn goed.',
      });
    }
  }

  // Preview: what would be activated, without activating. Empty open points are shown as still open,
  // a wrongly filled one gets its message at the field.
  const errors: FieldErrors = {};
  const problems: string[] = [];
  if (!isRecordDate(form.sampleDate)) errors['voorbeelddatum'] = RECORD_DATE_MESSAGE;
  const prepared = prepareRegulation(draft.source, org, fills);
  if (!prepared.ok) {
    placeIssues(
      draft.base.regulation,
      prepared.issues.filter((i) => !i.field.startsWith('fill.') || fills[i.field.slice(5)] !== undefined),
      errors,
      problems,
    );
    if (form.bron === 'tekst' && problems.length) {
      errors['document'] = documentErrors(problems);
      problems.length = 0;
    }
  }
  const regulation = prepared.ok ? prepared.regulation : (prepared.regulation ?? draft.regulation);
  const stillOpen = items.filter((i) => fills[i.key] === undefined);
  return editorPage(c, form, {
    draft,
    errors,
    problems,
    ...(isRecordDate(form.sampleDate) ? { preview: { regulation, stillOpen, sampleDate: form.sampleDate } } : {}),
  });
});
