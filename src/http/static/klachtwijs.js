/* global document, window, HTMLFormElement */
// Klachtwijs progressive enhancement. Every form works without this script; it only prevents a
// second submit of a form marked data-kw-once while the first one is on its way (the server is
// idempotent anyway), and tells the user that sending is in progress.
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-kw-once')) return;
    if (form.getAttribute('data-kw-sent') === 'ja') {
      event.preventDefault();
      return;
    }
    form.setAttribute('data-kw-sent', 'ja');
    var buttons = form.querySelectorAll('button[type="submit"]');
    // Only a sending button says so; "Wijzigen" or "Andere keuze" (a step back) keep their words.
    var sending = !event.submitter || event.submitter.hidden || event.submitter.classList.contains('utrecht-button--primary-action');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-disabled', 'true');
      if (sending && buttons[i].classList.contains('utrecht-button--primary-action')) buttons[i].textContent = 'Bezig met versturen…';
    }
  });
  // After a refused submit, take keyboard and screen-reader users straight to the list of errors.
  document.addEventListener('DOMContentLoaded', function () {
    var summary = document.getElementById('foutmeldingen');
    if (summary) summary.focus();
  });
  // A page that comes back from the browser's back/forward cache may be sent again.
  window.addEventListener('pageshow', function () {
    var forms = document.querySelectorAll('form[data-kw-sent]');
    for (var i = 0; i < forms.length; i++) forms[i].removeAttribute('data-kw-sent');
  });
})();
