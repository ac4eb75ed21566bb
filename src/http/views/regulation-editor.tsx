import type { FC } from 'hono/jsx';
import {
  CHANNEL_LABELS,
  CHANNELS,
  COMPLAINANT_KIND_LABELS,
  COMPLAINANT_KINDS,
  EFFECTIVE_DATE_LABEL,
  isOpenPoint,
  LEGAL_FRAMEWORK_LABELS,
  slotText,
  type LegalFramework,
  type Regulation,
} from '../../domain/regulation/index.ts';
import { getPreset, type Preset } from '../../regulations/library.ts';
import {
  roleField,
  TERM_UNIT_LABELS,
  termAmountField,
  termSlots,
  termUnitField,
  textFields,
  type EditorValues,
} from '../../domain/regulation/edit.ts';
import { ROLE_LABELS } from '../../usecases/users/users.ts';
import { ChoiceGroup, TextField } from './forms.tsx';

/**
 * The regulation editor's fields (issue 12): each part of the regulation as form fields in B1 Dutch.
 * The values are what the admin typed (kept after an error) or the regulation's own.
 */

const str = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v.at(-1) ?? '') : (v ?? ''));
const list = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

/** What a preset says about itself: model information when its file has it, else its own title and description. */
export function presetInfo(p: Preset): { title: string; description: string; sector: string | null; laws: LegalFramework[]; terms: string } {
  const reg = p.build();
  // The model information from its file (`model`, required in every file of the library).
  const model = p.model;
  const d = reg.deadlines;
  const terms = [
    `ontvangstbevestiging: ${slotText(d.acknowledgement)}`,
    `beslistermijn: ${slotText(d.decision)}`,
    ...(d.extension.allowed && d.extension.max !== undefined ? [`verlenging: ten hoogste ${slotText(d.extension.max)}`] : []),
  ].join('; ');
  return {
    title: model?.title ?? p.title,
    description: model?.description ?? p.description,
    sector: model?.sector ?? null,
    laws: model?.laws ?? [],
    terms,
  };
}

/** The name of the organisation whose regulation a preset follows ("Stichting ConnEQt"), for "gebaseerd op …". */
export function basedOnText(presetKey: string | null): string {
  if (!presetKey) return 'eigen tekst';
  const p = getPreset(presetKey);
  if (!p) return 'gebaseerd op een voorbeeldregeling';
  const owner = p.organisationNames[0];
  return owner ? `gebaseerd op de voorbeeldregeling van ${owner}` : `gebaseerd op de voorbeeldregeling "${p.title}"`;
}

export const PresetChoice: FC<{ presets: Preset[]; value: string; error?: string | undefined }> = ({ presets, value, error }) => (
  <ChoiceGroup
    type="radio"
    name="preset"
    id="preset"
    legend="Welke voorbeeld- of modelregeling?"
    required
    value={value}
    error={error}
    description="Echte klachtenregelingen van andere organisaties. De naam van die organisatie wordt de naam van uw organisatie."
    options={presets.map((p) => {
      const info = presetInfo(p);
      const parts = [info.description, info.sector ? `Sector: ${info.sector}.` : '', `Termijnen: ${info.terms}.`, info.laws.length ? `Past bij: ${info.laws.map((l) => LEGAL_FRAMEWORK_LABELS[l]).join(', ')}.` : ''];
      return { value: p.key, label: info.title, description: parts.filter(Boolean).join(' ') };
    })}
  />
);

const TermField: FC<{ id: string; label: string; optional: boolean; values: EditorValues; errors: Record<string, string | undefined> }> = ({ id, label, optional, values, errors }) => {
  const amountName = termAmountField(id);
  const unitName = termUnitField(id);
  const unit = str(values[unitName]);
  const error = errors[amountName] ?? errors[unitName];
  return (
    <fieldset class={`utrecht-form-fieldset kw-choices${error ? ' utrecht-form-fieldset--invalid' : ''}`}>
      <legend class="utrecht-form-fieldset__legend">{label}</legend>
      {error ? (
        <div class="utrecht-form-field-error-message kw-field-error" id={`${errors[amountName] ? amountName : unitName}-fout`}>
          <span class="kw-visually-hidden">Fout: </span>
          {error}
        </div>
      ) : null}
      <div class="kw-term">
        <div class="utrecht-form-field">
          <label class="utrecht-form-label" for={amountName}>
            Aantal
          </label>
          <input
            class={`utrecht-textbox utrecht-textbox--html-input${errors[amountName] ? ' utrecht-textbox--invalid' : ''}`}
            type="text"
            inputmode="numeric"
            id={amountName}
            name={amountName}
            value={str(values[amountName])}
            aria-invalid={errors[amountName] ? 'true' : undefined}
            aria-describedby={errors[amountName] ? `${amountName}-fout` : undefined}
          />
        </div>
        <div class="utrecht-form-field">
          <label class="utrecht-form-label" for={unitName}>
            Eenheid
          </label>
          <select
            class={`utrecht-select utrecht-select--html-select${errors[unitName] ? ' utrecht-select--invalid' : ''}`}
            id={unitName}
            name={unitName}
            aria-invalid={errors[unitName] ? 'true' : undefined}
            aria-describedby={errors[unitName] ? `${unitName}-fout` : undefined}
          >
            {optional ? (
              <option value="" selected={unit === ''}>
                niet geregeld
              </option>
            ) : (
              <option value="" selected={unit === ''}>
                kies een eenheid
              </option>
            )}
            {Object.entries(TERM_UNIT_LABELS).map(([v, l]) => (
              <option value={v} selected={unit === v}>
                {l}
              </option>
            ))}
          </select>
        </div>
      </div>
    </fieldset>
  );
};

/** Every part of the regulation as fields; `values` are what the admin typed or the regulation's own. */
export const RegulationFields: FC<{ reg: Regulation; values: EditorValues; errors: Record<string, string | undefined>; rolesHref: string }> = ({ reg, values, errors, rolesHref }) => {
  const texts = textFields(reg);
  return (
    <>
      <section aria-labelledby="deel-algemeen" class="kw-card">
        <h3 class="utrecht-heading-3" id="deel-algemeen">
          Algemeen
        </h3>
        <TextField name="veld.titel" label="Titel van de regeling" required value={str(values['veld.titel'])} error={errors['veld.titel']} />
        {!isOpenPoint(reg.metadata.effectiveDate) ? (
          <TextField
            name="veld.ingangsdatum"
            type="date"
            label={EFFECTIVE_DATE_LABEL}
            description="De dag waarop de regeling is vastgesteld. Klachten die vanaf die dag binnenkomen, vallen onder deze versie; nooit eerder dan de dag waarop u hem activeert."
            value={str(values['veld.ingangsdatum'])}
            error={errors['veld.ingangsdatum']}
          />
        ) : null}
      </section>
      <section aria-labelledby="deel-klagen" class="kw-card">
        <h3 class="utrecht-heading-3" id="deel-klagen">
          Wie mag klagen en hoe
        </h3>
        <ChoiceGroup
          type="checkbox"
          name="veld.klagers"
          legend="Wie mag een klacht indienen?"
          required
          value={list(values['veld.klagers'])}
          error={errors['veld.klagers']}
          options={COMPLAINANT_KINDS.map((k) => ({ value: k, label: COMPLAINANT_KIND_LABELS[k] }))}
        />
        {!isOpenPoint(reg.intake.channels) ? (
          <ChoiceGroup
            type="checkbox"
            name="veld.kanalen"
            legend="Hoe kan iemand een klacht indienen?"
            required
            value={list(values['veld.kanalen'])}
            error={errors['veld.kanalen']}
            options={CHANNELS.map((ch) => ({ value: ch, label: CHANNEL_LABELS[ch] }))}
          />
        ) : null}
        <ChoiceGroup
          type="checkbox"
          name="veld.schriftelijk"
          legend="Moet een klacht op papier of per e-mail komen?"
          value={str(values['veld.schriftelijk'])}
          options={[{ value: 'ja', label: 'Ja, een klacht moet schriftelijk zijn' }]}
        />
        <ChoiceGroup
          type="checkbox"
          name="veld.ondertekend"
          legend="Moet de klager de klacht ondertekenen?"
          value={str(values['veld.ondertekend'])}
          options={[{ value: 'ja', label: 'Ja, de klacht moet ondertekend zijn' }]}
        />
      </section>
      <section aria-labelledby="deel-termijnen" class="kw-card">
        <h3 class="utrecht-heading-3" id="deel-termijnen">
          Termijnen
        </h3>
        <p class="utrecht-paragraph kw-muted">Kies "niet geregeld" als de regeling over deze termijn niets zegt.</p>
        {termSlots(reg).map((slot) => (
          <TermField id={slot.id} label={slot.label} optional={slot.optional} values={values} errors={errors} />
        ))}
      </section>
      <section aria-labelledby="deel-rollen" class="kw-card">
        <h3 class="utrecht-heading-3" id="deel-rollen">
          Rollen
        </h3>
        <p class="utrecht-paragraph">
          Welke personen of functies spelen een rol bij een klacht? Wie welke rol heeft, legt u vast op de pagina{' '}
          <a class="utrecht-link" href={rolesHref}>
            Rollen uit de regeling
          </a>
          .
        </p>
        {reg.roles.map((r) => (
          <fieldset class="utrecht-form-fieldset kw-choices">
            <legend class="utrecht-form-fieldset__legend">Rol: {r.label}</legend>
            <p class="utrecht-paragraph kw-muted">Mag in Klachtwijs: {r.productRoles.map((p) => ROLE_LABELS[p].toLowerCase()).join(', ')}.</p>
            <TextField name={roleField(r.key, 'naam')} label="Naam van de rol" required value={str(values[roleField(r.key, 'naam')])} error={errors[roleField(r.key, 'naam')]} />
            <TextField
              name={roleField(r.key, 'functie')}
              label="Welke functie heeft deze rol?"
              description="Bijvoorbeeld: teamleider administratie."
              value={str(values[roleField(r.key, 'functie')])}
              error={errors[roleField(r.key, 'functie')]}
            />
          </fieldset>
        ))}
      </section>
      {texts.some((f) => f.part === 'extern') ? (
        <section aria-labelledby="deel-extern" class="kw-card">
          <h3 class="utrecht-heading-3" id="deel-extern">
            Externe klachteninstantie
          </h3>
          {texts
            .filter((f) => f.part === 'extern')
            .map((f) => (
              <TextField name={f.name} label={f.label} required={f.name.endsWith('naam') || f.name.endsWith('wanneer')} value={str(values[f.name])} error={errors[f.name]} />
            ))}
        </section>
      ) : null}
      {texts.some((f) => f.part === 'contact') ? (
        <section aria-labelledby="deel-contact" class="kw-card">
          <h3 class="utrecht-heading-3" id="deel-contact">
            Contactgegevens voor klachten
          </h3>
          {texts
            .filter((f) => f.part === 'contact')
            .map((f) => (
              <TextField name={f.name} label={f.label} type={f.type === 'url' ? 'text' : f.type} value={str(values[f.name])} error={errors[f.name]} />
            ))}
        </section>
      ) : null}
    </>
  );
};
