// @ts-check
// The coverage map: one row per symbol and series, one cell per day, drawn from the embedded data,
// with a tooltip on hover and focus and arrow-key moves between cells (one tab stop for the grid).
(() => {
  /** @typedef {[number, number, number, number, number, [number, number][], number]} MapCell */
  /** @typedef {{ symbol: string, series: string, cells: MapCell[] }} MapRow */
  /** @typedef {{ days: string[], rows: MapRow[], gapLabels: string[], sourceLists: string[], levels: string[] }} MapData */

  const { element } = reportKit;
  /** @type {MapData} */
  const map = reportKit.readJson('report-map');

  /**
   * @param {number} present
   * @param {number} expected
   */
  function percentText(present, expected) {
    if (expected <= 0) return 'nothing expected';
    if (present >= expected) return '100%';
    const tenths = Math.floor((1000 * present) / expected) / 10;
    return `${present > 0 && tenths === 0 ? '<0.1' : tenths.toFixed(1)}%`;
  }

  const table = /** @type {HTMLTableElement} */ (document.getElementById('coverage-map'));
  const tooltip = /** @type {HTMLElement} */ (document.getElementById('map-tooltip'));

  function drawMap() {
    const headRow = element('tr');
    headRow.append(Object.assign(element('th', 'corner', 'Symbol'), { scope: 'col' }));
    for (const day of map.days) {
      // Month and day fit a narrow column; the year is in the page header, and screen readers get it all.
      const th = Object.assign(element('th'), { scope: 'col' });
      const short = element('span', '', day.slice(5));
      short.setAttribute('aria-hidden', 'true');
      th.append(short, element('span', 'sr-only', day));
      headRow.append(th);
    }
    table.tHead?.append(headRow);
    const body = table.tBodies[0];
    if (body === undefined) return;
    const fragment = document.createDocumentFragment();
    map.rows.forEach((row, rowIndex) => {
      const tr = element('tr');
      const th = Object.assign(element('th'), { scope: 'row' });
      const link = Object.assign(element('a', '', `${row.symbol} ${row.series}`), {
        href: `#chart-${row.symbol}`,
      });
      th.append(link);
      tr.append(th);
      row.cells.forEach((cell, dayIndex) => {
        const [, , fillable, lost, , , level] = cell;
        const td = element('td', `lv-${map.levels[level]}${fillable > 0 ? ' fillable' : ''}`);
        if (lost > 0) td.textContent = '×';
        td.tabIndex = rowIndex === 0 && dayIndex === 0 ? 0 : -1;
        td.dataset.row = String(rowIndex);
        td.dataset.day = String(dayIndex);
        td.setAttribute('aria-label', cellSummary(row, dayIndex));
        tr.append(td);
      });
      fragment.append(tr);
    });
    body.append(fragment);
  }

  /**
   * @param {MapRow} row
   * @param {number} dayIndex
   */
  function cellSummary(row, dayIndex) {
    const [expected, present, fillable, lost] = /** @type {MapCell} */ (row.cells[dayIndex]);
    const parts = [`${row.symbol} ${row.series} ${map.days[dayIndex]}: ${percentText(present, expected)}`];
    if (lost > 0) parts.push(`${lost} lost`);
    if (fillable > 0) parts.push(`${fillable} fillable`);
    return parts.join(', ');
  }

  /** @param {HTMLTableCellElement} td */
  function showTooltip(td) {
    const row = map.rows[Number(td.dataset.row)];
    const dayIndex = Number(td.dataset.day);
    const cell = row?.cells[dayIndex];
    if (row === undefined || cell === undefined) return;
    const [expected, present, fillable, lost, sourcesIndex, gaps] = cell;
    const lines = [
      expected > 0
        ? `Stored ${present.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')} slots (${percentText(present, expected)})`
        : 'No slot expected this day',
    ];
    if (lost > 0) lines.push(`× lost for good: ${lost.toLocaleString('en-US')} slots`);
    if (fillable > 0) lines.push(`Can still be filled: ${fillable.toLocaleString('en-US')} slots`);
    for (const [labelIndex, slots] of gaps)
      lines.push(`  ${map.gapLabels[labelIndex]}: ${slots.toLocaleString('en-US')}`);
    lines.push(`Sources: ${map.sourceLists[sourcesIndex] || 'none'}`);
    tooltip.replaceChildren(element('strong', '', `${row.symbol} ${row.series} · ${map.days[dayIndex]}`));
    for (const line of lines) tooltip.append(element('br'), line);
    tooltip.hidden = false;
    const box = td.getBoundingClientRect();
    const width = tooltip.offsetWidth;
    const height = tooltip.offsetHeight;
    const left = Math.min(window.innerWidth - width - 8, Math.max(8, box.left + box.width / 2 - width / 2));
    const below = box.bottom + 8 + height <= window.innerHeight;
    tooltip.style.left = `${left}px`;
    tooltip.style.top = `${below ? box.bottom + 8 : Math.max(8, box.top - height - 8)}px`;
    td.setAttribute('aria-describedby', 'map-tooltip');
  }

  /** @param {EventTarget | null} target */
  function cellOf(target) {
    return target instanceof HTMLTableCellElement && target.tagName === 'TD' ? target : null;
  }

  function hideTooltip() {
    tooltip.hidden = true;
    for (const td of table.querySelectorAll('td[aria-describedby]')) td.removeAttribute('aria-describedby');
  }

  /** @param {KeyboardEvent} event */
  function moveFocus(event) {
    const td = cellOf(event.target);
    if (td === null) return;
    const moves = /** @type {Record<string, [number, number]>} */ ({
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
    });
    let rowIndex = Number(td.dataset.row);
    let dayIndex = Number(td.dataset.day);
    const move = moves[event.key];
    if (move !== undefined) {
      rowIndex += move[0];
      dayIndex += move[1];
    } else if (event.key === 'Home') dayIndex = 0;
    else if (event.key === 'End') dayIndex = map.days.length - 1;
    else if (event.key === 'Escape') return hideTooltip();
    else return;
    event.preventDefault();
    const next = table.querySelector(`td[data-row="${rowIndex}"][data-day="${dayIndex}"]`);
    if (!(next instanceof HTMLTableCellElement)) return;
    td.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }

  drawMap();
  table.addEventListener('mouseover', (event) => {
    const td = cellOf(event.target);
    if (td !== null) showTooltip(td);
  });
  table.addEventListener('mouseleave', hideTooltip);
  table.addEventListener('focusin', (event) => {
    const td = cellOf(event.target);
    if (td !== null) showTooltip(td);
  });
  table.addEventListener('focusout', hideTooltip);
  table.addEventListener('keydown', moveFocus);
})();
