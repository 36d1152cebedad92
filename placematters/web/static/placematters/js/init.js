import { initAll } from '../../vendor/govuk-frontend/govuk-frontend.min.js';

// Initialise GOV.UK Frontend 6 from a static ES module, so pages need no inline
// script under our nonce-based Content-Security-Policy. The base template loads it with:
//   <script type="module" src="{% static 'placematters/js/init.js' %}"></script>
//
// GOV.UK Frontend's own page template does two things inline, which we do here instead:
//   1. Add "govuk-frontend-supported" (and the legacy "js-enabled") to <body>. The
//      component CSS keys its JavaScript-enhanced styles off that class, and initAll()
//      does nothing without it. Upstream adds it only where
//      'noModule' in HTMLScriptElement.prototype, that is, where ES modules run; a module
//      script only ever runs in such browsers, so adding it here is the same test.
//   2. Call initAll() to set up every element with a data-module="govuk-..." attribute.
// Module scripts are deferred, so <body> exists by the time this runs.
//
// Keep the statement on line 1 at the top of the file, with a relative path ("../"): with
// support_js_module_import_aggregation enabled, Django's ManifestStaticFilesStorage
// rewrites it to the hashed filename, but its pattern misfires if a comment above the
// statement contains that keyword.

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();

// Content swapped in by htmx (a saved checklist item, say) may hold GOV.UK components:
// initialise those within the new content only.
document.body.addEventListener('htmx:load', (event) => {
  if (event.target !== document.body) {
    initAll({ scope: event.target });
  }
});
