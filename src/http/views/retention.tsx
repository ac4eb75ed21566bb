import type { FC } from 'hono/jsx';
import { formatDutchDate } from '../../domain/deadlines/format.ts';
import { cite } from '../../domain/regulation/cite.ts';
import { RETENTION_FRAMEWORK_LABELS, RETENTION_FRAMEWORKS } from '../../domain/regulation/schema.ts';
import { RECORD_KIND_LABELS, type RecordKind } from '../../domain/workflow/states.ts';
import type { OrganisationRetention } from '../../domain/retention/retention.ts';
import type { DossierRetention, DueItem } from '../../usecases/retention/retention.ts';
import { CheckboxField, CsrfField, ErrorSummary, SelectField, TextArea, TextField, type FieldErrors } from './forms.tsx';

/** Views of retention (issue 11, ADR 0019): the due list, the settings, the destruction log and the dossier's part. */

const kindLabel = (kind: string) => RECORD_KIND_LABELS[kind as RecordKind] ?? kind;
const UNIT_OPTIONS = [
  { value: 'days', label: 'dagen' },
  { value: 'weeks', label: 'weken' },
  { value: 'months', label: 'maanden' },
];

export const SETTINGS_LABELS: Record<string, string> = {
  defaultMode: 'Als de klachtenregeling geen bewaartermijn noemt',
  defaultAmount: 'Standaardtermijn (aantal)',
  defaultUnit: 'Standaardtermijn (eenheid)',
  briefAmount: 'Kort verslag van onvrede: termijn (aantal)',
  briefUnit: 'Kort verslag van onvrede: termijn (eenheid)',
  autoDestroy: 'Automatisch vernietigen',
  confirm: 'Goedkeuring',
  ids: 'Dossiers',
  _: 'Let op',
};

export const DueList: FC<{ items: DueItem[]; csrf: string; unitNames: Map<string, string>; errors: FieldErrors }> = ({ items, csrf, unitNames, errors }) => {
  const destroyable = items.filter((i) => i.holds.length === 0);
  const held = items.filter((i) => i.holds.length > 0);
  return (
    <section aria-labelledby="te-vernietigen">
      <h2 class="utrecht-heading-2" id="te-vernietigen">
        Te vernietigen
      </h2>
      {items.length === 0 ? (
        <p class="utrecht-paragraph">Er zijn geen dossiers waarvan de bewaartermijn voorbij is.</p>
      ) : (
        <>
          <p class="utrecht-paragraph">
            Van deze dossiers is de bewaartermijn voorbij. Bekijk de lijst en keur de vernietiging goed. Vernietigen kan niet ongedaan worden gemaakt. Wat
            blijft: een regel in het vernietigingsverslag (kenmerk, maanden, grond, wie goedkeurde) en de cijfers zonder persoonsgegevens.
          </p>
          <ErrorSummary errors={errors} labels={SETTINGS_LABELS} />
          <form method="post" action="/bewaartermijnen/vernietigen" id="vernietigen" novalidate>
            <CsrfField token={csrf} />
            <div class="kw-table-scroll" tabindex={0} role="region" aria-label="Dossiers waarvan de bewaartermijn voorbij is">
              <table class="utrecht-table">
                <caption class="utrecht-table__caption">Dossiers waarvan de bewaartermijn voorbij is</caption>
                <thead class="utrecht-table__header">
                  <tr class="utrecht-table__row">
                    <th class="utrecht-table__header-cell" scope="col">
                      <span class="kw-visually-hidden">Kiezen</span>
                    </th>
                    <th class="utrecht-table__header-cell" scope="col">Kenmerk</th>
                    <th class="utrecht-table__header-cell" scope="col">Soort</th>
                    <th class="utrecht-table__header-cell" scope="col">Eenheid</th>
                    <th class="utrecht-table__header-cell" scope="col">Afgesloten</th>
                    <th class="utrecht-table__header-cell" scope="col">Bewaren tot</th>
                    <th class="utrecht-table__header-cell" scope="col">Grond</th>
                    <th class="utrecht-table__header-cell" scope="col">Blokkade</th>
                  </tr>
                </thead>
                <tbody class="utrecht-table__body">
                  {[...destroyable, ...held].map((i) => (
                    <tr class="utrecht-table__row">
                      <td class="utrecht-table__cell">
                        {i.holds.length === 0 ? (
                          <>
                            <input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input" name="ids" value={i.complaintId} id={`kies-${i.complaintId}`} />
                            <label for={`kies-${i.complaintId}`} class="kw-visually-hidden">
                              Kies {i.reference}
                            </label>
                          </>
                        ) : null}
                      </td>
                      <td class="utrecht-table__cell">
                        <a class="utrecht-link" href={`/klachten/${i.complaintId}#bewaren`}>
                          {i.reference}
                        </a>
                      </td>
                      <td class="utrecht-table__cell">{kindLabel(i.kind)}</td>
                      <td class="utrecht-table__cell">{unitNames.get(i.unitId) ?? ''}</td>
                      <td class="utrecht-table__cell">{i.endedOn ? formatDutchDate(i.endedOn) : ''}</td>
                      <td class="utrecht-table__cell">{formatDutchDate(i.destroyAfter)}</td>
                      <td class="utrecht-table__cell">{i.basis}</td>
                      <td class="utrecht-table__cell">{i.holds.length ? i.holds.map((h) => `${h.label}: ${h.reason}`).join(' ') : 'Geen'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {destroyable.length ? (
              <>
                <CheckboxField
                  name="confirm"
                  label="Ik heb de lijst bekeken en keur de vernietiging goed."
                  error={errors['confirm']}
                  description="Zonder dit vinkje wordt niets vernietigd."
                />
                <div class="kw-actions">
                  <button type="submit" class="utrecht-button utrecht-button--primary-action">
                    Gekozen dossiers vernietigen
                  </button>
                  <button type="submit" name="alles" value="ja" class="utrecht-button utrecht-button--secondary-action">
                    Alle {destroyable.length} dossiers zonder blokkade vernietigen
                  </button>
                </div>
              </>
            ) : (
              <p class="utrecht-paragraph">Alle dossiers in de lijst zijn geblokkeerd. Hef een blokkade op in het dossier als die niet meer nodig is.</p>
            )}
          </form>
        </>
      )}
    </section>
  );
};

export const SettingsForm: FC<{ settings: OrganisationRetention; csrf: string; form: Record<string, string> | null; errors: FieldErrors }> = ({ settings, csrf, form, errors }) => {
  const d = settings.defaultPeriod;
  const v = {
    defaultMode: d === 'forever' ? 'forever' : 'period',
    defaultAmount: d === 'forever' ? '' : String(d.amount),
    defaultUnit: d === 'forever' ? 'months' : d.unit,
    briefAmount: String(settings.briefRecordPeriod.amount),
    briefUnit: settings.briefRecordPeriod.unit,
    autoDestroy: settings.autoDestroy ? 'ja' : '',
    ...form,
  };
  return (
    <section aria-labelledby="instellingen">
      <h2 class="utrecht-heading-2" id="instellingen">
        Instellingen van de organisatie
      </h2>
      <p class="utrecht-paragraph">
        {settings.chosen
          ? 'Deze termijnen heeft de organisatie zelf gekozen.'
          : 'Dit zijn de beginwaarden van Klachtwijs. De organisatie heeft nog niet zelf gekozen: kies en sla op.'}{' '}
        Een termijn uit de klachtenregeling of de wet gaat altijd voor. De standaardtermijn geldt alleen als de regeling er niets over zegt (AVG art. 5 lid 1
        onder e: niet langer bewaren dan nodig).
      </p>
      <form method="post" action="/bewaartermijnen/instellingen" novalidate>
        <CsrfField token={csrf} />
        <SelectField
          name="defaultMode"
          label={SETTINGS_LABELS.defaultMode!}
          value={v.defaultMode}
          options={[
            { value: 'period', label: 'Bewaren tot de standaardtermijn na afsluiten voorbij is' },
            { value: 'forever', label: 'Bewaren zonder einddatum (keuze van de organisatie)' },
          ]}
          error={errors['defaultMode']}
        />
        <TextField name="defaultAmount" label={SETTINGS_LABELS.defaultAmount!} type="number" value={v.defaultAmount} min="1" max="3650" error={errors['defaultAmount']} />
        <SelectField name="defaultUnit" label={SETTINGS_LABELS.defaultUnit!} value={v.defaultUnit} options={UNIT_OPTIONS} error={errors['defaultUnit']} />
        <TextField
          name="briefAmount"
          label={SETTINGS_LABELS.briefAmount!}
          type="number"
          value={v.briefAmount}
          min="1"
          max="3650"
          required
          description="Onvrede die meteen is opgelost, wordt kort vastgelegd: wat was de onvrede en hoe is die opgelost."
          error={errors['briefAmount']}
        />
        <SelectField name="briefUnit" label={SETTINGS_LABELS.briefUnit!} value={v.briefUnit} options={UNIT_OPTIONS} error={errors['briefUnit']} />
        <CheckboxField
          name="autoDestroy"
          label="Dossiers automatisch vernietigen als de termijn voorbij is"
          checked={v.autoDestroy === 'ja'}
          description="Staat dit uit, dan vernietigt Klachtwijs niets zonder uw goedkeuring. Dossiers met een blokkade worden nooit vernietigd."
          error={errors['autoDestroy']}
        />
        <div class="kw-actions">
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            Instellingen opslaan
          </button>
        </div>
      </form>
    </section>
  );
};

const APPROVAL_LABELS = { page: 'Goedgekeurd op deze pagina', cli: 'Goedgekeurd op de opdrachtregel', automatic: 'Automatisch (instelling van de organisatie)' } as const;

export const DestructionLogTable: FC<{
  rows: { reference: string; kind: string; unit_name: string | null; received_month: string; closed_month: string | null; destroy_after: string; basis: string; approved_by_name: string | null; approval: 'page' | 'cli' | 'automatic'; destroyed_at: Date }[];
}> = ({ rows }) => (
  <section aria-labelledby="verslag">
    <h2 class="utrecht-heading-2" id="verslag">
      Vernietigingsverslag
    </h2>
    {rows.length === 0 ? (
      <p class="utrecht-paragraph">Er zijn nog geen dossiers vernietigd.</p>
    ) : (
      <div class="kw-table-scroll" tabindex={0} role="region" aria-label="Vernietigde dossiers">
        <table class="utrecht-table">
          <caption class="utrecht-table__caption">Vernietigde dossiers (zonder persoonsgegevens)</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">Kenmerk</th>
              <th class="utrecht-table__header-cell" scope="col">Soort</th>
              <th class="utrecht-table__header-cell" scope="col">Eenheid</th>
              <th class="utrecht-table__header-cell" scope="col">Ontvangen</th>
              <th class="utrecht-table__header-cell" scope="col">Afgesloten</th>
              <th class="utrecht-table__header-cell" scope="col">Grond</th>
              <th class="utrecht-table__header-cell" scope="col">Goedgekeurd</th>
              <th class="utrecht-table__header-cell" scope="col">Vernietigd op</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {rows.map((r) => (
              <tr class="utrecht-table__row">
                <td class="utrecht-table__cell">{r.reference}</td>
                <td class="utrecht-table__cell">{kindLabel(r.kind)}</td>
                <td class="utrecht-table__cell">{r.unit_name ?? ''}</td>
                <td class="utrecht-table__cell">{r.received_month}</td>
                <td class="utrecht-table__cell">{r.closed_month ?? ''}</td>
                <td class="utrecht-table__cell">{r.basis}</td>
                <td class="utrecht-table__cell">{r.approved_by_name ? `Door ${r.approved_by_name}` : APPROVAL_LABELS[r.approval]}</td>
                <td class="utrecht-table__cell">{formatDutchDate(r.destroyed_at.toISOString().slice(0, 10))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
  </section>
);

/** The dossier's retention part: the date and its basis, holds (set/lift), the client-file line, the framework fields. */
export const DossierRetentionPart: FC<{ complaintId: string; r: DossierRetention; csrf: string; mayManage: boolean; errors?: FieldErrors; form?: Record<string, string> }> = ({
  complaintId,
  r,
  csrf,
  mayManage,
  errors = {},
  form = {},
}) => {
  // Ids carry the prefix `bewaren-`: the dossier page has other forms with fields such as `reason` and `kind`.
  const e: FieldErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === '_' ? '_' : `bewaren-${k}`, v]));
  return (
  <section aria-labelledby="bewaren-kop" id="bewaren">
    <h2 class="utrecht-heading-2" id="bewaren-kop">
      Bewaren en vernietigen
    </h2>
    <p class="utrecht-paragraph">
      {r.destroyAfter ? <strong>Vernietigen vanaf {formatDutchDate(r.destroyAfter)}.</strong> : <strong>Nog geen vernietigingsdatum.</strong>} {r.basis}
    </p>
    {r.holds.length ? (
      <>
        <p class="utrecht-paragraph">Dit dossier wordt niet vernietigd zolang er een blokkade is:</p>
        <ul class="utrecht-unordered-list">
          {r.holds.map((h) => (
            <li class="utrecht-unordered-list__item">
              {h.label}: {h.reason}
              {mayManage && h.id ? (
                <form method="post" action={`/klachten/${complaintId}/bewaren/blokkade/${h.id}/opheffen`} class="kw-inline-form">
                  <CsrfField token={csrf} />
                  <label class="kw-visually-hidden" for={`opheffen-${h.id}`}>
                    Toelichting bij opheffen
                  </label>
                  <input class="utrecht-textbox utrecht-textbox--html-input" type="text" name="note" id={`opheffen-${h.id}`} placeholder="Toelichting (mag leeg)" />{' '}
                  <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                    Blokkade opheffen
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      </>
    ) : null}
    {/* Only where the complaint's regulation speaks of a client file (004 §5); a charity (003) has none. */}
    {r.clientFile ? (
      <p class="utrecht-paragraph">
        In het cliëntdossier komt alleen: <strong>{r.clientFile.line}</strong>
        {cite(r.clientFile.article)}
      </p>
    ) : null}
    {mayManage ? (
      <>
        <ErrorSummary errors={e} labels={{ 'bewaren-framework': 'Wettelijk kader', 'bewaren-clientRelationEndedOn': 'Einde cliëntrelatie', 'bewaren-kind': 'Soort blokkade', 'bewaren-reason': 'Reden', _: 'Let op' }} />
        {r.asksClientFile || r.framework || r.clientRelationEndedOn ? (
        <form method="post" action={`/klachten/${complaintId}/bewaren/kader`} novalidate>
          <CsrfField token={csrf} />
          <SelectField
            name="framework"
            id="bewaren-framework"
            label="Wettelijk kader van het cliëntdossier"
            value={form['framework'] ?? r.framework ?? ''}
            placeholder="Niet vastgelegd"
            options={RETENTION_FRAMEWORKS.map((f) => ({ value: f, label: RETENTION_FRAMEWORK_LABELS[f] }))}
            error={e['bewaren-framework']}
          />
          <TextField
            name="clientRelationEndedOn"
            id="bewaren-clientRelationEndedOn"
            label="Einde cliëntrelatie"
            type="date"
            value={form['clientRelationEndedOn'] ?? r.clientRelationEndedOn ?? ''}
            description="Alleen nodig als de regeling zegt: even lang bewaren als het cliëntdossier."
            error={e['bewaren-clientRelationEndedOn']}
          />
          <div class="kw-actions">
            <button type="submit" class="utrecht-button utrecht-button--secondary-action">
              Kader opslaan
            </button>
          </div>
        </form>
        ) : null}
        <form method="post" action={`/klachten/${complaintId}/bewaren/blokkade`} novalidate>
          <CsrfField token={csrf} />
          <SelectField
            name="kind"
            id="bewaren-kind"
            label="Soort blokkade"
            value={form['kind'] ?? 'coordinator'}
            options={[
              { value: 'coordinator', label: `Blokkade door de ${r.coordinatorName}` },
              { value: 'dispute', label: 'Geschil' },
              { value: 'external_procedure', label: 'Externe procedure loopt' },
            ]}
            error={e['bewaren-kind']}
          />
          <TextArea name="reason" id="bewaren-reason" label="Reden" rows={2} value={form['reason']} required error={e['bewaren-reason']} description="Schrijf op waarom het dossier niet vernietigd mag worden." />
          <div class="kw-actions">
            <button type="submit" class="utrecht-button utrecht-button--secondary-action">
              Blokkade zetten
            </button>
          </div>
        </form>
      </>
    ) : null}
  </section>
  );
};
