import { explain, get } from './api.js';
import { duration } from './i18n.js';
import { tx } from './ovs.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

await session();
const groups = document.getElementById('groups');
// A duration reads as words ("30 days"), with Java's ISO form beside it for whoever sets the property.
function shown(value) {
  const words = /^P/.test(value) ? duration(value) : value;
  return words === value ? [value] : [words, ' ', el('code', { class: 'muted' }, value)];
}

try {
  const { settings } = await get('/api/v1/admin/configuration');
  const byGroup = new Map();
  for (const s of settings) {
    if (!byGroup.has(s.group)) byGroup.set(s.group, []);
    byGroup.get(s.group).push(s);
  }
  fill(groups, ...[...byGroup].map(([group, rows]) => {
    const id = 'h-' + group.toLowerCase();
    return el('section', { class: 'card', 'aria-labelledby': id },
      el('h2', { id }, tx('group_' + group)),
      el('div', { class: 'table-wrap', tabindex: '0' },
        el('table', { dataset: { group } },
          el('thead', {}, el('tr', {},
            el('th', { scope: 'col' }, document.getElementById('col-setting').textContent),
            el('th', { scope: 'col' }, document.getElementById('col-value').textContent),
            el('th', { scope: 'col' }, document.getElementById('col-rule').textContent))),
          el('tbody', {}, ...rows.map((s) => el('tr', { dataset: { key: s.key } },
            el('td', {}, el('code', {}, s.key)),
            el('td', {}, ...shown(s.value)),
            el('td', {}, s.rule)))))));
  }));
} catch (e) {
  if (!redirectFor(e)) document.getElementById('error').textContent = explain(e);
}
ready();
