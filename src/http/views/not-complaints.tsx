import type { FC } from 'hono/jsx';
import { cite, type Regulation } from '../../domain/regulation/index.ts';
import { capitalise } from '../../shared/text.ts';

/**
 * Subjects the regulation does not handle as a complaint, with where to go instead (issue 12,
 * `intake.notComplaints[].redirect`): shown on the public form before its fields, and to staff who register
 * "geen klacht". The text is the regulation's; a url is a link.
 */
type Subject = Regulation['intake']['notComplaints'][number];

const stripDot = (s: string) => s.replace(/\.\s*$/, '');

export const RedirectText: FC<{ subject: Subject }> = ({ subject }) => {
  const r = subject.redirect;
  if (!r) return null;
  return (
    <>
      {stripDot(r.text)}
      {r.url ? (
        <>
          {': '}
          <a class="utrecht-link" href={r.url}>
            {r.name ?? r.url}
          </a>
        </>
      ) : r.name ? `: ${r.name}` : ''}
      .
    </>
  );
};

/** The public form's notice: "Waarvoor is dit formulier niet?" with each subject and where to go instead. */
export const NotComplaintsNotice: FC<{ reg: Regulation }> = ({ reg }) => {
  const subjects = reg.intake.notComplaints;
  if (subjects.length === 0) return null;
  return (
    <section class="kw-not-complaints" aria-labelledby="geen-klacht-kop">
      <h2 class="utrecht-heading-2" id="geen-klacht-kop">
        Waarvoor is dit formulier niet?
      </h2>
      <p class="utrecht-paragraph">Deze onderwerpen behandelen wij niet als klacht{cite(subjects[0]!.source.article)}:</p>
      <ul class="utrecht-unordered-list">
        {subjects.map((n) => (
          <li class="utrecht-unordered-list__item">
            {capitalise(stripDot(n.label))}.{n.note ? ` ${n.note}` : ''} {n.redirect ? <RedirectText subject={n} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
};

/** Staff registering "geen klacht": where each subject is sent. */
export const NotComplaintsRedirects: FC<{ reg: Regulation }> = ({ reg }) => {
  const subjects = reg.intake.notComplaints.filter((n) => n.redirect);
  if (subjects.length === 0) return null;
  return (
    <div class="kw-not-complaints">
      <p class="utrecht-paragraph">Waar de persoon terecht kan:</p>
      <ul class="utrecht-unordered-list">
        {subjects.map((n) => (
          <li class="utrecht-unordered-list__item">
            {capitalise(stripDot(n.label))}: <RedirectText subject={n} />
          </li>
        ))}
      </ul>
    </div>
  );
};
