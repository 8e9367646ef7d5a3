/** File name of the plotly bundle copied next to index.html (the page loads nothing else). */
export const PLOTLY_FILE = 'plotly.min.js';

/** The page's style sheet. */
export const PAGE_CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 16px 48px; color: #1d1d1f; }
header { border-bottom: 1px solid #ddd; margin-bottom: 12px; }
h1 { font-size: 22px; margin: 16px 0 4px; }
h2 { font-size: 18px; margin: 28px 0 6px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
h4 { font-size: 13px; margin: 0 0 4px; }
table { border-collapse: collapse; margin: 6px 0 12px; width: 100%; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f6; font-weight: 600; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f6f8fa; padding: 6px 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
.meta { color: #555; margin: 2px 0 8px; }
.verdict { display: inline-block; min-width: 44px; padding: 1px 6px; border-radius: 4px; font-size: 12px; font-weight: 700; text-align: center; color: #fff; }
.v-pass { background: #2e7d32; } .v-fail { background: #c62828; } .v-error { background: #6a1b9a; } .v-not-applicable { background: #757575; }
.case { border-top: 2px solid #eee; margin-top: 24px; }
.failure { border-left: 4px solid #c62828; background: #fff5f5; padding: 4px 12px; margin: 8px 0; }
.failure-message { font-weight: 600; }
.diff { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.chart { min-height: 320px; margin: 8px 0; }
.empty { color: #777; font-style: italic; }
.ok { color: #2e7d32; }
.bad { color: #c62828; }
.best { color: #2e7d32; }
.steps { padding-left: 22px; }
.step-status { color: #777; font-size: 12px; }
.s-failed, .s-undefined, .s-ambiguous { color: #c62828; }
.s-skipped, .s-pending { color: #888; }
.kw { font-weight: 600; }
.raw-frame span { font-size: 12px; color: #555; }
.raw-frame:target pre { outline: 2px solid #f9a825; }
#plotly-missing { display: none; background: #fff3cd; padding: 8px 12px; border: 1px solid #f0c36d; }
`;

/**
 * The page's script: draws every figure listed in the `report-figures` JSON, one after the other,
 * then sets `data-charts-drawn` on <body> to the number drawn (or `data-charts-error`).
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var figures = JSON.parse(document.getElementById('report-figures').textContent);
  if (typeof window.Plotly === 'undefined') {
    document.getElementById('plotly-missing').style.display = 'block';
    document.body.setAttribute('data-charts-error', 'plotly.min.js did not load');
    return;
  }
  var config = { displaylogo: false, responsive: true };
  var drawn = 0;
  var chain = Promise.resolve();
  figures.forEach(function (f) {
    chain = chain.then(function () {
      return window.Plotly.newPlot(f.id, f.data, f.layout, config).then(function () { drawn++; });
    });
  });
  chain.then(
    function () { document.body.setAttribute('data-charts-drawn', String(drawn)); },
    function (err) {
      document.body.setAttribute('data-charts-error', String(err));
      console.error('chart failed to draw:', err);
    }
  );
})();
`;
