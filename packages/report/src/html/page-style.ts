import {
  COVERAGE_SWATCHES,
  type CoverageLevel,
  GAP_SHADES,
  GAP_SWATCHES,
  PAGE,
  SOURCE_SWATCHES,
} from './palette.ts';

function coverageRules(): string {
  return (Object.entries(COVERAGE_SWATCHES) as [CoverageLevel, { background: string; foreground: string }][])
    .map(
      ([level, swatch]) => `.lv-${level}{background-color:${swatch.background};color:${swatch.foreground}}`,
    )
    .join('\n');
}

function sourceRules(): string {
  return Object.entries(SOURCE_SWATCHES)
    .map(([source, swatch]) => `.src-${source}{background:${swatch.background};color:${swatch.foreground}}`)
    .join('\n');
}

/** The page's own stylesheet (uPlot's comes beside it). */
export function pageStyle(): string {
  return `
:root{color-scheme:light;--bg:${PAGE.background};--text:${PAGE.text};--muted:${PAGE.muted};--rule:${PAGE.rule};--link:${PAGE.link}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:15px/1.5 Inter,system-ui,sans-serif;font-variant-numeric:tabular-nums}
a{color:var(--link)}
a:focus-visible,button:focus-visible,td:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem;z-index:10}
header.page{padding:1.5rem 2rem 1rem;border-bottom:1px solid var(--rule)}
h1{font-size:1.6rem;font-weight:600;margin:0 0 .75rem}
h2{font-size:1.25rem;font-weight:600;margin:0 0 .5rem}
h3{font-size:1.05rem;font-weight:600;margin:0}
.facts{display:flex;flex-wrap:wrap;gap:.25rem 2rem;margin:0}
.facts div{display:flex;gap:.5rem}.facts dt{color:var(--muted)}.facts dd{margin:0;font-weight:600}
code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.92em;word-break:break-all}
nav.toc{margin-top:.75rem;display:flex;gap:1.25rem}
main{padding:0 2rem 3rem}
section{margin-top:2rem}
.hint{color:var(--muted);margin:.25rem 0 .75rem;max-width:70rem}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1.25rem;list-style:none;padding:0;margin:.5rem 0 .75rem;font-size:.9rem}
.legend li{display:flex;align-items:center;gap:.4rem}
.key{display:inline-flex;align-items:center;justify-content:center;width:1.4rem;height:1.1rem;border-radius:2px;font-size:.8rem;font-weight:600;box-shadow:inset 0 0 0 1px rgba(27,31,36,.35)}
.line-key{display:inline-block;width:1.8rem;height:0;border-top:3px solid}
.line-key.dashed{border-top-style:dashed}
.gap-lost{background:repeating-linear-gradient(135deg,${GAP_SHADES.lostFill} 0 4px,${GAP_SHADES.lostHatch} 4px 5px)}
.gap-fillable{background:${GAP_SHADES.fillableFill}}
.band-lost{background:${GAP_SWATCHES.lost.background}}
.band-fillable{background:${GAP_SWATCHES.fillable.background}}
${coverageRules()}
${sourceRules()}
.map-scroll{overflow:auto;max-height:80vh;border:1px solid var(--rule)}
table.map{border-collapse:separate;border-spacing:1px;font-size:.75rem}
table.map th{font-weight:600;background:var(--bg);position:sticky;z-index:1}
table.map thead th{top:0;padding:2px 1px;writing-mode:vertical-rl;transform:rotate(180deg);height:4.5rem;color:var(--muted);font-weight:400}
table.map tbody th{left:0;text-align:left;padding:0 .5rem 0 .25rem;white-space:nowrap}
table.map tbody th a{text-decoration:none}table.map tbody th a:hover{text-decoration:underline}
table.map thead th.corner{left:0;z-index:2;writing-mode:horizontal-tb;transform:none;text-align:left;vertical-align:bottom}
table.map td{width:1.35rem;min-width:1.35rem;height:1.2rem;padding:0;text-align:center;line-height:1.2rem;font-weight:600;cursor:default;box-shadow:inset 0 0 0 1px rgba(27,31,36,.28)}
td.fillable,.key.fillable{background-image:repeating-linear-gradient(135deg,transparent 0 3px,rgba(27,31,36,.45) 3px 4px)}
.tooltip{position:fixed;z-index:20;max-width:24rem;background:${PAGE.text};color:#fff;padding:.5rem .65rem;border-radius:4px;font-size:.85rem;line-height:1.4;pointer-events:none;box-shadow:0 2px 8px rgba(0,0,0,.3)}
.tooltip strong{font-weight:600}
table.summary{border-collapse:collapse;font-size:.85rem;width:100%}
table.summary th,table.summary td{border-bottom:1px solid var(--rule);padding:.3rem .6rem;text-align:left;vertical-align:top}
table.summary thead th{position:sticky;top:0;background:var(--bg);font-weight:600;border-bottom:2px solid var(--text)}
table.summary td.num{text-align:right;white-space:nowrap}
.summary-scroll{overflow:auto;max-height:85vh}
figure.chart{margin:1.5rem 0 0;padding:1rem;border:1px solid var(--rule);border-radius:6px}
.chart-head{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin-bottom:.5rem}
.zoom{display:flex;gap:.35rem}
.chart p.units{margin:0 0 .5rem;font-size:.85rem}
.zoom button{font:inherit;font-size:.85rem;padding:.15rem .6rem;border:1px solid ${PAGE.muted};border-radius:4px;background:var(--bg);color:var(--text);cursor:pointer}
.zoom button[aria-pressed=true]{background:${PAGE.text};color:#fff;border-color:${PAGE.text}}
.plot{min-height:330px;position:relative}
.plot-wait{color:var(--muted);padding:2rem 0;margin:0}
figcaption{color:var(--muted);font-size:.85rem;margin-top:.5rem;max-width:80rem}
figcaption p{margin:.15rem 0}
.uplot{font-family:Inter,system-ui,sans-serif}
.u-legend{font-size:.85rem}
`;
}
