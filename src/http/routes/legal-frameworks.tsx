import { Hono } from 'hono';
import { LEGAL_FRAMEWORK_LABELS, LEGAL_FRAMEWORKS } from '../../domain/regulation/schema.ts';
import { AppError } from '../../shared/errors.ts';
import { hasRole } from '../../usecases/actor.ts';
import { LEGAL_FRAMEWORK_EXPLANATIONS, organisationFrameworkState, setOrganisationFrameworks } from '../../usecases/organisations/legal-frameworks.ts';
import { readForm, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { page } from '../render.tsx';
import { Alert, ChoiceGroup, CsrfField, ErrorSummary, SubmitButton, type FieldErrors } from '../views/forms.tsx';

/**
 * The admin states once which laws apply to the organisation (issue 12, ADR 0027): the legal check of the regulation
 * and the rules marked as law follow it. B1 Dutch; works without JavaScript.
 */
export const legalFrameworkRoutes = new Hono<AppEnv>();

const PATH = '/beheer/wetten';

async function frameworksPage(c: AppContext, opts: { notice?: string; errors?: FieldErrors; chosen?: string[] } = {}) {
  const actor = requireActor(c);
  const state = await organisationFrameworkState(c.get('deps').db, actor.organisationId);
  const errors = opts.errors ?? {};
  return page(
    c,
    'Welke wetten gelden voor uw organisatie?',
    <>
      <h1 class="utrecht-heading-1">Welke wetten gelden voor uw organisatie?</h1>
      {opts.notice ? <Alert kind="ok">{opts.notice}</Alert> : null}
      <p class="utrecht-paragraph">
        Klachtwijs controleert of uw klachtenregeling past bij de wetten die voor uw organisatie gelden. Staat er in de regeling een regel uit een wet die niet
        voor u geldt, dan ziet u een waarschuwing. U kiest dit één keer; u kunt het later altijd aanpassen.
      </p>
      {state.stated ? null : <Alert kind="info">U heeft dit nog niet gekozen.</Alert>}
      <ErrorSummary errors={errors} labels={{ frameworks: 'Wetten' }} />
      <form method="post" action={PATH} class="kw-form" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <ChoiceGroup
          type="checkbox"
          name="frameworks"
          legend="Deze wetten gelden voor onze organisatie"
          description="Geldt geen van deze wetten, bijvoorbeeld omdat u een goed doel of een bedrijf bent? Zet dan nergens een vinkje en kies Opslaan."
          required
          value={opts.chosen ?? state.frameworks}
          error={errors['frameworks']}
          options={LEGAL_FRAMEWORKS.map((f) => ({ value: f, label: LEGAL_FRAMEWORK_LABELS[f], description: LEGAL_FRAMEWORK_EXPLANATIONS[f] }))}
        />
        <SubmitButton>Opslaan</SubmitButton>
      </form>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

legalFrameworkRoutes.use(PATH, async (c, next) => {
  if (!hasRole(requireActor(c), 'admin')) throw new AppError('forbidden', 'Deze pagina is alleen voor beheerders.');
  await next();
});

legalFrameworkRoutes.get(PATH, (c) => frameworksPage(c));

legalFrameworkRoutes.post(PATH, async (c) => {
  const actor = requireActor(c);
  const { values } = await readForm(c);
  const raw = values['frameworks'];
  const chosen = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  try {
    await c.get('deps').db.transaction().execute((tx) => setOrganisationFrameworks(tx, actor, chosen));
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return frameworksPage(c, { errors, chosen });
  }
  return frameworksPage(c, { notice: 'Opgeslagen.' });
});
