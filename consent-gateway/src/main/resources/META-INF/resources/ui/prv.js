// The privacy flows' pages' shared part: their texts (rendered into the page by PrivacyPages/texts.html).
import { t } from './i18n.js';

const texts = new Map();
for (const node of document.querySelectorAll('#prv-texts [data-k]')) texts.set(node.dataset.k, node.textContent);

/** The privacy flows' text for a key, with $1, $2... replaced; falls back to the common texts. */
export function px(key, ...args) {
  let s = texts.has(key) ? texts.get(key) : t(key);
  args.forEach((a, i) => { s = s.replaceAll('$' + (i + 1), String(a)); });
  return s;
}
