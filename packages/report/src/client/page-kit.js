// @ts-check
// Helpers the report page's scripts share; inlined first, as one classic script with them, so
// `reportKit` is a global of the page.

/** @typedef {{ background: string, foreground: string }} Swatch */
/** @typedef {{ sourceColors: Record<string, Swatch>, gapSwatches: { lost: Swatch, fillable: Swatch }, gapShades: { lostFill: string, lostHatch: string, fillableFill: string } }} Theme */

// biome-ignore lint/correctness/noUnusedVariables: a global of the page, used by the scripts inlined after this one
const reportKit = {
  /**
   * The JSON embedded in the element with this id.
   * @param {string} id
   * @returns {any}
   */
  readJson(id) {
    const element = document.getElementById(id);
    if (element === null) throw new Error(`the page has no #${id} element`);
    return JSON.parse(element.textContent ?? 'null');
  },

  /**
   * A new element with a class and text.
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {string} [className]
   * @param {string} [text]
   * @returns {HTMLElementTagNameMap[K]}
   */
  element(tag, className, text) {
    const node = document.createElement(tag);
    if (className !== undefined && className !== '') node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  },
};
