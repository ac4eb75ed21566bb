import type { ActionName, ComplaintFacts, WorkflowPolicy } from '../../domain/workflow/index.ts';
import type { FormValues } from './complaint-intake.tsx';
import { CheckboxField, ChoiceGroup, SelectField, TextArea, TextField, type FieldErrors } from './forms.tsx';

/**
 * What every action form of a dossier is built from: the page's context (`ActionContext`) and the field builders bound
 * to one action's form (`kit`; element ids are `<action>-<path>`, `fieldId`). The general forms (complaint-actions.tsx)
 * and the procedure's own steps (complaint-procedure.tsx) both build on this; it imports neither.
 */
export interface ActionContext {
  complaintId: string;
  csrf: string;
  policy: WorkflowPolicy;
  facts: ComplaintFacts;
  /** Users who may handle (handler or coordinator role), the respondent already left out. */
  handlers: { id: string; name: string }[];
  /** All active users of the organisation (who the complaint is about). */
  staff: { id: string; name: string }[];
  /** Who may take the complaint over on an escalation (handover): per user the roles they would take it as. */
  handoverCandidates?: { id: string; name: string; roles: string[] }[];
  actorName: string;
  today: string;
  /** Regulation roles the user holds for this complaint (a sign-off is for one of them). */
  regulationRoles?: readonly string[];
  /** The list (search, filters, sort) the dossier was opened from (backToList): an action's form carries it on. */
  back?: string | null;
  /** What the registration says now, for the correction form (`correct-registration`). */
  correction?: {
    units: { value: string; label: string }[];
    unitId: string;
    kind: string;
    complainant: Record<string, unknown>;
    linkedReference: string;
    /** Other complaints of the same complainant (references), offered as the earlier complaint. */
    sameComplainant: string[];
    /** Which regulation a moved complaint runs under (`regulationOnMoveNote`). */
    regulationNote: string;
  };
}

export function fieldId(action: string, field: string): string {
  return `${action}-${field.replace(/[^\w-]+/g, '-')}`;
}

/** The last of a form field's values (a repeated field posts several). */
export const last = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);

/** Field builders bound to one action's form. */
export function kit(action: ActionName, values: FormValues, errors: FieldErrors) {
  const id = (f: string) => fieldId(action, f);
  const v = (f: string) => last(values[f]);
  const e = (f: string) => errors[f];
  return {
    text: (f: string, label: string, o: { required?: boolean; description?: string; max?: number } = {}) => (
      <TextField id={id(f)} name={f} label={label} value={v(f)} error={e(f)} required={o.required ?? false} description={o.description} maxLength={o.max ?? 300} />
    ),
    date: (f: string, label: string, o: { required?: boolean; description?: string; future?: boolean } = {}) => (
      <TextField id={id(f)} name={f} type="date" label={label} value={v(f)} error={e(f)} required={o.required ?? false} description={o.description} />
    ),
    area: (f: string, label: string, o: { required?: boolean; description?: string; rows?: number } = {}) => (
      <TextArea id={id(f)} name={f} label={label} value={v(f)} error={e(f)} required={o.required ?? false} description={o.description} rows={o.rows ?? 4} maxLength={20000} />
    ),
    radios: (f: string, legend: string, options: { value: string; label: string; description?: string }[], o: { required?: boolean; description?: string } = {}) => (
      <ChoiceGroup type="radio" id={id(f)} name={f} legend={legend} options={options} value={v(f)} error={e(f)} required={o.required ?? true} description={o.description} />
    ),
    checks: (f: string, legend: string, options: { value: string; label: string }[], o: { required?: boolean; description?: string } = {}) => (
      <ChoiceGroup type="checkbox" id={id(f)} name={f} legend={legend} options={options} value={Array.isArray(values[f]) ? (values[f] as string[]) : v(f)} error={e(f)} required={o.required ?? false} description={o.description} />
    ),
    check: (f: string, label: string, o: { description?: string } = {}) => <CheckboxField id={id(f)} name={f} label={label} checked={v(f) === 'ja'} error={e(f)} description={o.description} />,
    select: (f: string, label: string, options: { value: string; label: string }[], o: { required?: boolean; placeholder?: string; description?: string } = {}) => (
      <SelectField id={id(f)} name={f} label={label} options={options} value={v(f)} error={e(f)} required={o.required ?? true} placeholder={o.placeholder} description={o.description} />
    ),
  };
}
