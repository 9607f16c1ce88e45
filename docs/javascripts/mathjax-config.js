// MathJax 2.7, shipped with the site (assets/mathjax, see docs/hooks/offline_math.py), loads after this file
// and reads this object as its configuration. pymdownx.arithmatex (generic mode) writes the pages' math as
// \( ... \) and \[ ... \]; MathJax skips <pre> and <code>, so code is never typeset. A notebook page adds
// Jupyter's own configuration ($ ... $ inline, as in Jupyter), which MathJax reads when it starts.
window.MathJax = {
  config: ["TeX-AMS-MML_HTMLorMML-full.js"],
  jax: ["input/TeX", "output/HTML-CSS"],
  tex2jax: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: false
  },
  TeX: { extensions: ["AMSmath.js", "AMSsymbols.js"] },
  "HTML-CSS": { availableFonts: [], imageFont: null, preferredFont: null, webFont: "STIX-Web",
                linebreaks: { automatic: false } },
  MMLorHTML: { prefer: "HTML" },
  showMathMenu: false,
  messageStyle: "none"
};
