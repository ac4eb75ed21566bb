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
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  description?: string | undefined;
  required?: boolean;
  type?: 'text' | 'email' | 'password' | 'date' | 'tel' | 'number' | 'datetime-local';
  autocomplete?: string;
  maxLength?: number;
}

function describedBy(name: string, description?: string, error?: string): string | undefined {
  const ids = [description ? `${name}-beschrijving` : '', error ? `${name}-fout` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

const FieldFrame: FC<{ name: string; label: string; description?: string | undefined; error?: string | undefined; required?: boolean | undefined; children?: Child }> = (p) => (
  <div class={`utrecht-form-field utrecht-form-field--text${p.error ? ' utrecht-form-field--invalid' : ''}`}>
    <div class="utrecht-form-field__label">
      <label class="utrecht-form-label" for={p.name}>
        {p.label}
        {p.required ? null : <span class="kw-optional"> (niet verplicht)</span>}
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
  <FieldFrame name={p.name} label={p.label} description={p.description} error={p.error} required={p.required}>
    <input
      class={`utrecht-textbox utrecht-textbox--html-input${p.error ? ' utrecht-textbox--invalid' : ''}`}
      id={p.name}
      name={p.name}
      type={p.type ?? 'text'}
      value={p.value ?? ''}
      required={p.required}
      aria-invalid={p.error ? 'true' : undefined}
      aria-describedby={describedBy(p.name, p.description, p.error)}
      autocomplete={p.autocomplete}
      maxlength={p.maxLength}
    />
  </FieldFrame>
);

export const TextArea: FC<Omit<FieldProps, 'type'> & { rows?: number }> = (p) => (
  <FieldFrame name={p.name} label={p.label} description={p.description} error={p.error} required={p.required}>
    <textarea
      class={`utrecht-textarea utrecht-textarea--html-textarea${p.error ? ' utrecht-textarea--invalid' : ''}`}
      id={p.name}
      name={p.name}
      rows={p.rows ?? 6}
      required={p.required}
      aria-invalid={p.error ? 'true' : undefined}
      aria-describedby={describedBy(p.name, p.description, p.error)}
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
  <FieldFrame name={p.name} label={p.label} description={p.description} error={p.error} required={p.required}>
    <select
      class={`utrecht-select utrecht-select--html-select${p.error ? ' utrecht-select--invalid' : ''}`}
      id={p.name}
      name={p.name}
      required={p.required}
      aria-invalid={p.error ? 'true' : undefined}
      aria-describedby={describedBy(p.name, p.description, p.error)}
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

/** Summary of errors at the top of a form, with links to the fields (GOV.UK / NL DS pattern). */
export const ErrorSummary: FC<{ errors: FieldErrors; labels: Record<string, string> }> = ({ errors, labels }) => {
  const entries = Object.entries(errors).filter(([, m]) => m);
  if (!entries.length) return null;
  return (
    <div class="utrecht-alert utrecht-alert--error kw-error-summary" role="alert" tabindex={-1} id="foutmeldingen">
      <h2 class="utrecht-heading-2">Controleer de gegevens</h2>
      <ul class="utrecht-unordered-list">
        {entries.map(([field, message]) => (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={`#${field}`}>
              {labels[field] ? `${labels[field]}: ` : ''}
              {message}
            </a>
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
