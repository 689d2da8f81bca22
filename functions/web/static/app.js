// Mentor Match's enhancements. Every page works without this script.
import { initAll } from '/assets/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();

// The council picker: GOV.UK's accessible autocomplete over the select, which
// stays in the page (hidden) and is what the form sends.
const accessibleAutocomplete = globalThis.accessibleAutocomplete;
if (accessibleAutocomplete) {
  for (const select of document.querySelectorAll('select[data-module="app-autocomplete"]')) {
    accessibleAutocomplete.enhanceSelectElement({
      selectElement: select,
      // The select's "Choose your council" option leaves the input empty.
      defaultValue: '',
    });
  }
}
