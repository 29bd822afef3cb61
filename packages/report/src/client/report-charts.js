// @ts-check
// Each symbol's chart, drawn with uPlot (inlined before this script) once it scrolls into view, so
// a page of 500 symbols opens as fast as one of five: OI and OI value of each series, gaps shaded,
// the source of the rows in bands above, zoom by dragging or with the buttons.
(() => {
  /** @typedef {import('uplot')} UPlotChart */
  /** @typedef {{ series: string, field: string, label: string, color: string, x: number[], y: (number | null)[], yScale: number }} ChartLine */
  /** @typedef {{ symbol: string, baseMs: number, startMinute: number, endMinute: number, lines: ChartLine[], sources: [string, number, number, string][], gaps: [string, number, number, number][], blank: [number, number, number][], units?: { openInterest: string, openInterestValue: string } }} ChartData */

  /** @type {typeof import('uplot')} */
  const UPlot = /** @type {any} */ (window).uPlot;
  const { element } = reportKit;
  /** @type {Theme} */
  const theme = reportKit.readJson('report-theme');
  const DAY_S = 86_400;
  const CHART_HEIGHT = 300;
  const STRIP_PX = 16;
  const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 4 });
  const precise = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });

  /** @type {Map<HTMLElement, UPlotChart>} */
  const charts = new Map();

  /**
   * Series data aligned on one time axis. A null (a missing slot) breaks its own line; the
   * `undefined` that alignment puts where a series has no point is stepped over, and NULL_EXPAND
   * (mode 2) widens each null over such neighbours so no line is ever joined across a gap.
   * @param {ChartData} data
   * @returns {import('uplot').AlignedData}
   */
  function alignedData(data) {
    const toSeconds = (/** @type {number} */ minute) => (data.baseMs + minute * 60_000) / 1000;
    // Lines come packed (see chart-data.ts): minutes as deltas, values as integers times yScale.
    const tables = data.lines.map((line) => {
      let minute = 0;
      const xs = line.x.map((delta) => {
        minute += delta;
        return toSeconds(minute);
      });
      const ys = line.y.map((y) => (y === null ? null : y * line.yScale));
      return /** @type {import('uplot').AlignedData} */ ([xs, ys]);
    });
    const joined =
      tables.length === 1
        ? /** @type {any[][]} */ (tables[0])
        : /** @type {any[][]} */ (
            UPlot.join(
              tables,
              tables.map(() => [0, 2]),
            )
          );
    // Empty points at both ends make the whole range the chart's home view (double-click returns to it).
    const xs = joined[0] ?? [];
    const start = toSeconds(data.startMinute);
    const end = toSeconds(data.endMinute);
    if (xs.length === 0 || xs[0] > start) {
      for (const [index, column] of joined.entries()) column.unshift(index === 0 ? start : undefined);
    }
    if ((joined[0]?.at(-1) ?? start) < end) {
      for (const [index, column] of joined.entries()) column.push(index === 0 ? end : undefined);
    }
    return /** @type {any} */ (joined);
  }

  /**
   * @param {UPlotChart} u
   * @param {ChartData} data
   */
  function drawGaps(u, data) {
    const { ctx } = u;
    const { top, height, left, width } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    for (const [startMinute, endMinute, lost] of data.blank) {
      const x0 = u.valToPos((data.baseMs + startMinute * 60_000) / 1000, 'x', true);
      const x1 = Math.max(x0 + 1, u.valToPos((data.baseMs + endMinute * 60_000) / 1000, 'x', true));
      ctx.fillStyle = lost ? theme.gapShades.lostFill : theme.gapShades.fillableFill;
      ctx.fillRect(x0, top, x1 - x0, height);
      if (!lost) continue;
      // Hatched as well as tinted, so a lost gap differs from a fillable one without colour.
      ctx.save();
      ctx.beginPath();
      ctx.rect(x0, top, x1 - x0, height);
      ctx.clip();
      ctx.strokeStyle = theme.gapShades.lostHatch;
      ctx.lineWidth = devicePixelRatio;
      ctx.beginPath();
      for (let x = x0 - height; x < x1; x += 8 * devicePixelRatio) {
        ctx.moveTo(x, top + height);
        ctx.lineTo(x + height, top);
      }
      ctx.stroke();
      ctx.restore();
    }
    ctx.restore();
  }

  /**
   * @param {UPlotChart} u
   * @param {ChartData} data
   * @param {string[]} seriesNames
   */
  function drawSources(u, data, seriesNames) {
    const { ctx } = u;
    const { left, width } = u.bbox;
    const ratio = devicePixelRatio;
    const stripHeight = (STRIP_PX - 3) * ratio;
    const fallback = { background: '#5a636e', foreground: '#ffffff' };
    ctx.save();
    ctx.font = `${11 * ratio}px Inter, system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    /**
     * @param {number} y
     * @param {number} startMinute
     * @param {number} endMinute
     * @param {Swatch} swatch
     * @param {string} label
     */
    const band = (y, startMinute, endMinute, swatch, label) => {
      const x0 = Math.max(left, u.valToPos((data.baseMs + startMinute * 60_000) / 1000, 'x', true));
      const x1 = Math.min(left + width, u.valToPos((data.baseMs + endMinute * 60_000) / 1000, 'x', true));
      if (x1 <= x0) return;
      ctx.fillStyle = swatch.background;
      ctx.fillRect(x0, y, Math.max(x1 - x0, ratio), stripHeight);
      if (ctx.measureText(label).width + 8 * ratio < x1 - x0) {
        ctx.fillStyle = swatch.foreground;
        ctx.fillText(label, (x0 + x1) / 2, y + stripHeight / 2);
      }
    };
    seriesNames.forEach((series, index) => {
      const y = (4 + index * STRIP_PX) * ratio;
      ctx.fillStyle = '#4d5661';
      ctx.textAlign = 'right';
      ctx.fillText(`${series} rows`, left - 6 * ratio, y + stripHeight / 2);
      ctx.textAlign = 'center';
      for (const [runSeries, startMinute, endMinute, source] of data.sources) {
        if (runSeries !== series) continue;
        band(
          y,
          startMinute,
          endMinute,
          theme.sourceColors[source] ?? theme.sourceColors['unknown'] ?? fallback,
          source,
        );
      }
      // Gaps go over the sources: at the chart's resolution rows and a gap can share a stretch, and
      // it is the gap that must not vanish.
      for (const [gapSeries, startMinute, endMinute, lost] of data.gaps) {
        if (gapSeries !== series) continue;
        band(
          y,
          startMinute,
          endMinute,
          lost ? theme.gapSwatches.lost : theme.gapSwatches.fillable,
          lost ? 'lost' : 'fillable',
        );
      }
    });
    ctx.restore();
  }

  /**
   * @param {HTMLElement} figure
   * @param {UPlotChart} u
   * @param {ChartData} data
   */
  function markZoom(figure, u, data) {
    const min = u.scales['x']?.min ?? 0;
    const max = u.scales['x']?.max ?? 0;
    const end = (data.baseMs + data.endMinute * 60_000) / 1000;
    const start = (data.baseMs + data.startMinute * 60_000) / 1000;
    for (const button of figure.querySelectorAll('button[data-zoom]')) {
      const zoom = button.getAttribute('data-zoom');
      const from = zoom === 'all' ? start : Math.max(start, end - Number(zoom) * DAY_S);
      const pressed = Math.abs(min - from) < 1 && Math.abs(max - end) < 1;
      button.setAttribute('aria-pressed', String(pressed));
    }
  }

  /** @param {HTMLElement} plot */
  function drawChart(plot) {
    const figure = /** @type {HTMLElement} */ (plot.closest('figure'));
    /** @type {ChartData} */
    const data = JSON.parse(figure.querySelector('script.chart-data')?.textContent ?? 'null');
    if (data.lines.every((line) => line.x.length === 0)) {
      plot.replaceChildren(element('p', 'plot-wait', 'No rows in the range: nothing to draw.'));
      plot.dataset.drawn = 'empty';
      return;
    }
    const seriesNames = [...new Set(data.lines.map((line) => line.series))];
    const axisFont = '12px Inter, system-ui, sans-serif';
    const iso = (/** @type {number} */ ts) => new Date(ts * 1000).toISOString();
    const stampText = (/** @type {number} */ ts) => `${iso(ts).slice(0, 16).replace('T', ' ')} UTC`;
    // ISO-style ticks in UTC: MM-DD when ticks are days apart, HH:mm (and the day where it changes) inside a day.
    const timeTicks = (/** @type {unknown} */ _u, /** @type {number[]} */ ticks) =>
      ticks.map((ts, index) => {
        const day = iso(ts).slice(5, 10);
        if ((ticks[1] ?? ts + DAY_S) - (ticks[0] ?? ts) >= DAY_S) return day;
        const minute = iso(ts).slice(11, 16);
        const previous = index > 0 ? iso(/** @type {number} */ (ticks[index - 1])).slice(5, 10) : '';
        return previous === day ? minute : `${minute}\n${day}`;
      });
    /** @type {import('uplot').Options} */
    const options = {
      width: Math.max(320, plot.clientWidth),
      height: CHART_HEIGHT,
      padding: [8 + seriesNames.length * STRIP_PX, 12, 0, 0],
      tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: true } },
      series: [
        {
          label: 'Time',
          value: (/** @type {unknown} */ _u, /** @type {number | null} */ ts) =>
            ts == null ? '–' : stampText(ts),
        },
        ...data.lines.map((line) => ({
          label: line.label,
          scale: line.field === 'openInterest' ? 'oi' : 'value',
          stroke: line.color,
          width: 1.5,
          spanGaps: false,
          points: { show: false },
          value: (/** @type {unknown} */ _u, /** @type {number | null} */ value) =>
            value == null ? '–' : precise.format(value),
          ...(line.field === 'openInterest' ? {} : { dash: [6, 4] }),
        })),
      ],
      axes: [
        {
          font: axisFont,
          stroke: '#1b1f24',
          values: timeTicks,
          grid: { stroke: '#e4e8ec' },
          ticks: { stroke: '#d0d7de' },
        },
        {
          scale: 'oi',
          font: axisFont,
          stroke: '#1b1f24',
          size: 64,
          // A COIN-M contract's axes name their units (contracts; the coin), a USDⓈ-M symbol's stay bare.
          ...(data.units === undefined
            ? {}
            : { label: data.units.openInterest, labelFont: axisFont, labelSize: 20 }),
          values: (_u, ticks) => ticks.map((v) => compact.format(v)),
          grid: { stroke: '#e4e8ec' },
        },
        {
          scale: 'value',
          side: 1,
          font: axisFont,
          stroke: '#1b1f24',
          size: 64,
          ...(data.units === undefined
            ? {}
            : { label: data.units.openInterestValue, labelFont: axisFont, labelSize: 20 }),
          values: (_u, ticks) => ticks.map((v) => compact.format(v)),
          grid: { show: false },
        },
      ],
      hooks: {
        drawClear: [(u) => drawGaps(u, data)],
        draw: [(u) => drawSources(u, data, seriesNames)],
        setScale: [(u, key) => key === 'x' && markZoom(figure, u, data)],
      },
    };
    plot.replaceChildren();
    const chart = new UPlot(options, alignedData(data), plot);
    charts.set(plot, chart);
    plot.dataset.drawn = 'true';
    for (const button of figure.querySelectorAll('button[data-zoom]')) {
      button.addEventListener('click', () => {
        const zoom = button.getAttribute('data-zoom');
        const end = (data.baseMs + data.endMinute * 60_000) / 1000;
        const start = (data.baseMs + data.startMinute * 60_000) / 1000;
        chart.setScale('x', {
          min: zoom === 'all' ? start : Math.max(start, end - Number(zoom) * DAY_S),
          max: end,
        });
      });
    }
  }

  const plots = /** @type {HTMLElement[]} */ ([...document.querySelectorAll('.plot[data-symbol]')]);
  if ('IntersectionObserver' in window) {
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          observer.unobserve(entry.target);
          drawChart(/** @type {HTMLElement} */ (entry.target));
        }
      },
      { rootMargin: '400px 0px' },
    );
    for (const plot of plots) observer.observe(plot);
  } else {
    for (const plot of plots) drawChart(plot);
  }

  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      for (const [plot, chart] of charts)
        chart.setSize({ width: Math.max(320, plot.clientWidth), height: CHART_HEIGHT });
    }, 150);
  });
})();
