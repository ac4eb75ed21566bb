import type { Child, FC } from 'hono/jsx';

/**
 * Form building blocks after NL Design System's form-field pattern: label, optional description,
 * the error message at the field (role-free text linked with aria-describedby), and the value the user
 * typed kept on every re-render.
 */
export type FieldErrors = Record<string, string | undefined>;

export const CsrfField: FC<{ token: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token} />;

interface FieldProps {
  name: string;
  /** Element id when it must differ from the name (several forms on one page); default the name. */
  id?: string | undefined;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  description?: string | undefined;
  required?: boolean;
  type?: 'text' | 'email' | 'password' | 'date' | 'tel' | 'number' | 'datetime-local';
  autocomplete?: string;
  maxLength?: number;
  min?: string | number | undefined;
  max?: string | number | undefined;
  /** Filters and search boxes: every field is optional, so no "(niet verplicht)" marker. */
  hideOptional?: boolean;
}

function describedBy(name: string, description?: string, error?: string): string | undefined {
  const ids = [description ? `${name}-beschrijving` : '', error ? `${name}-fout` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

const FieldFrame: FC<{ name: string; label: string; description?: string | undefined; error?: string | undefined; required?: boolean | undefined; hideOptional?: boolean | undefined; children?: Child }> = (p) => (
  <div class={`utrecht-form-field utrecht-form-field--text${p.error ? ' utrecht-form-field--invalid' : ''}`}>
    <div class="utrecht-form-field__label">
      <label class="utrecht-form-label" for={p.name}>
        {p.label}
        {p.required || p.hideOptional ? null : <span class="kw-optional"> (niet verplicht)</span>}
      </label>
    </div>
    {p.description ? (
      <div class="utrecht-form-field-description" id={`${p.name}-beschrijving`}>
        {p.description}
      </div>
    ) : null}
    {p.error ? (
      <div class="utrecht-form-field-error-message kw-field-error" id={`${p.name}-fout`}>
        <span class="kw-visually-hidden">Fout: </span>
        {p.error}
      </div>
    ) : null}
    <div class="utrecht-form-field__input">{p.children}</div>
  </div>
);

export const TextField: FC<FieldProps> = (p) => (
  <FieldFrame name={p.id ?? p.name} label={p.label} description={p.description} error={p.error} required={p.required} hideOptional={p.hideOptional}>
    <input
      class={`utrecht-textbox utrecht-textbox--html-input${p.error ? ' utrecht-textbox--invalid' : ''}`}
      id={p.id ?? p.name}
      name={p.name}
      type={p.type ?? 'text'}
      value={p.value ?? ''}
      required={p.required}
      aria-invalid={p.error ? 'true' : undefined}
      aria-describedby={describedBy(p.id ?? p.name, p.description, p.error)}
      autocomplete={p.autocomplete}
      maxlength={p.maxLength}
      min={p.min}
      max={p.max}
    />
  </FieldFrame>
);

export const TextArea: FC<Omit<FieldProps, 'type'> & { rows?: number }> = (p) => (
  <FieldFrame name={p.id ?? p.name} label={p.label} description={p.description} error={p.error} required={p.required} hideOptional={p.hideOptional}>
    <textarea
      class={`utrecht-textarea utrecht-textarea--html-textarea${p.error ? ' utrecht-textarea--invalid' : ''}`}
      id={p.id ?? p.name}
      name={p.name}
      rows={p.rows ?? 6}
      required={p.required}
      aria-invalid={p.error ? 'true' : undefined}
      aria-describedby={describedBy(p.id ?? p.name, p.description, p.error)}
      maxlength={p.maxLength}
    >
      {p.value ?? ''}
    </textarea>
  </FieldFrame>
);

export interface Option {
  value: string;
  label: string;
}

export const SelectField: FC<Omit<FieldProps, 'type'> & { options: Option[]; placeholder?: string }> = (p) => (
  <FieldFrame name={p.id ?? p.name} label={p.label} description={p.description} error={p.error} required={p.required} hideOptional={p.hideOptional}>
    <select
      class={`utrecht-select utrecht-select--html-select${p.error ? ' utrecht-select--invalid' : ''}`}
      id={p.id ?? p.name}
      name={p.name}
      required={p.required}
      aria-invalid={p.error ? 'true' : undefined}
      aria-describedby={describedBy(p.id ?? p.name, p.description, p.error)}
    >
      {p.placeholder !== undefined ? <option value="">{p.placeholder}</option> : null}
      {p.options.map((o) => (
        <option value={o.value} selected={o.value === p.value}>
          {o.label}
        </option>
      ))}
    </select>
  </FieldFrame>
);

/** One checkbox for a yes/no question; sends `ja` when ticked. */
export const CheckboxField: FC<{ name: string; id?: string | undefined; label: string; checked?: boolean; error?: string | undefined; description?: string | undefined }> = (p) => {
  const id = p.id ?? p.name;
  return (
    <div class={`utrecht-form-field utrecht-form-field--checkbox kw-check${p.error ? ' utrecht-form-field--invalid' : ''}`}>
      {p.error ? (
        <div class="utrecht-form-field-error-message kw-field-error" id={`${id}-fout`}>
          <span class="kw-visually-hidden">Fout: </span>
          {p.error}
        </div>
      ) : null}
      <div class="kw-check__row">
        <input
          class={`utrecht-checkbox utrecht-checkbox--html-input${p.error ? ' utrecht-checkbox--invalid' : ''}`}
          type="checkbox"
          id={id}
          name={p.name}
          value="ja"
          checked={p.checked}
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={describedBy(id, p.description, p.error)}
        />
        <label class="utrecht-form-label utrecht-form-label--checkbox" for={id}>
          {p.label}
        </label>
      </div>
      {p.description ? (
        <div class="utrecht-form-field-description kw-check__description" id={`${id}-beschrijving`}>
          {p.description}
        </div>
      ) : null}
    </div>
  );
};

/**
 * A group of radio buttons (one choice) or checkboxes (several) in a fieldset with a legend. The first
 * option carries the group's id, so an error summary can link to it.
 */
export const ChoiceGroup: FC<{
  type: 'radio' | 'checkbox';
  name: string;
  id?: string | undefined;
  legend: string;
  options: (Option & { description?: string | undefined })[];
  /** The chosen value(s). */
  value?: string | string[] | undefined;
  required?: boolean;
  error?: string | undefined;
  description?: string | undefined;
}> = (p) => {
  const id = p.id ?? p.name.replace(/\[\]$/, '');
  const chosen = new Set(Array.isArray(p.value) ? p.value : p.value !== undefined ? [p.value] : []);
  const cls = p.type === 'radio' ? 'utrecht-radio-button utrecht-radio-button--html-input' : 'utrecht-checkbox utrecht-checkbox--html-input';
  return (
    <fieldset
      class={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset kw-fieldset${p.error ? ' utrecht-form-fieldset--invalid' : ''}`}
      aria-describedby={describedBy(id, p.description, p.error)}
    >
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        {p.legend}
        {p.required ? null : <span class="kw-optional"> (niet verplicht)</span>}
      </legend>
      {p.description ? (
        <div class="utrecht-form-field-description" id={`${id}-beschrijving`}>
          {p.description}
        </div>
      ) : null}
      {p.error ? (
        <div class="utrecht-form-field-error-message kw-field-error" id={`${id}-fout`}>
          <span class="kw-visually-hidden">Fout: </span>
          {p.error}
        </div>
      ) : null}
      {p.options.map((o, i) => {
        const optionId = i === 0 ? id : `${id}-${i + 1}`;
        return (
          <div class={`utrecht-form-field utrecht-form-field--${p.type === 'radio' ? 'radio' : 'checkbox'} kw-check`}>
            <div class="kw-check__row">
              <input
                class={cls}
                type={p.type}
                id={optionId}
                name={p.name}
                value={o.value}
                checked={chosen.has(o.value)}
                aria-invalid={p.error ? 'true' : undefined}
                aria-describedby={o.description ? `${optionId}-uitleg` : undefined}
              />
              <label class={`utrecht-form-label utrecht-form-label--${p.type === 'radio' ? 'radio-button' : 'checkbox'}`} for={optionId}>
                {o.label}
              </label>
            </div>
            {o.description ? (
              <div class="utrecht-form-field-description kw-check__description" id={`${optionId}-uitleg`}>
                {o.description}
              </div>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
};

/** A file input; files are never kept after an error (browsers do not allow it), so the description says so. */
export const FileField: FC<{ name: string; id?: string | undefined; label: string; multiple?: boolean; accept?: string; error?: string | undefined; description?: string | undefined }> = (p) => (
  <FieldFrame name={p.id ?? p.name} label={p.label} description={p.description} error={p.error} required={false}>
    <input
      class={`utrecht-textbox utrecht-textbox--html-input kw-file${p.error ? ' utrecht-textbox--invalid' : ''}`}
      type="file"
      id={p.id ?? p.name}
      name={p.name}
      multiple={p.multiple}
      accept={p.accept}
      aria-invalid={p.error ? 'true' : undefined}
      aria-describedby={describedBy(p.id ?? p.name, p.description, p.error)}
    />
  </FieldFrame>
);

/** Summary of errors at the top of a form, with links to the fields (GOV.UK / NL DS pattern). */
/** A new password, typed twice (the account page, the invitation and reset links): the same rule and the same hint everywhere. */
export const NewPasswordFields: FC<{ name: string; againName: string; label: string; againLabel: string; errors: FieldErrors }> = (p) => (
  <>
    <TextField
      name={p.name}
      label={p.label}
      type="password"
      required
      error={p.errors[p.name]}
      autocomplete="new-password"
      description="Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden."
    />
    <TextField name={p.againName} label={p.againLabel} type="password" required error={p.errors[p.againName]} autocomplete="new-password" />
  </>
);

export const ErrorSummary: FC<{ errors: FieldErrors; labels: Record<string, string> }> = ({ errors, labels }) => {
  const entries = Object.entries(errors).filter(([, m]) => m);
  if (!entries.length) return null;
  return (
    <div class="utrecht-alert utrecht-alert--error kw-error-summary" role="alert" tabindex={-1} id="foutmeldingen">
      <h2 class="utrecht-heading-2">Controleer de gegevens</h2>
      <ul class="utrecht-unordered-list">
        {entries.map(([field, message]) => (
          <li class="utrecht-unordered-list__item">
            {field === '_' ? (
              message
            ) : (
              <a class="utrecht-link" href={`#${field}`}>
                {labels[field] ? `${labels[field]}: ` : ''}
                {message}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
};

export const Alert: FC<{ kind: 'ok' | 'info' | 'warning' | 'error'; children?: Child }> = ({ kind, children }) => (
  <div class={`utrecht-alert utrecht-alert--${kind === 'ok' ? 'ok' : kind}`} role={kind === 'error' ? 'alert' : 'status'}>
    <div class="utrecht-alert__message">{children}</div>
  </div>
);

export const SubmitButton: FC<{ children?: Child }> = ({ children }) => (
  <button type="submit" class="utrecht-button utrecht-button--primary-action">
    {children}
  </button>
);
