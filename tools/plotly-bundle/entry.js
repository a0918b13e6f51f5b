'use strict';
/* The portal's plotly.js bundle: plotly.js's own src/core.js with only what the portal's figures use
 * (the charts.py of evaluations/reports and evaluations/planning): bar and scatter traces; shapes (bands, target lines), annotations,
 * legend and hover, plus the components plotly's drawing code reads unconditionally (the mode bar's
 * and selections' layout defaults, colour scales and bars). Not registered: pie, calendars, images,
 * sliders, update menus, range slider and selector, grid, error bars, 3-D annotations.
 * Built by `make vendor` (build.sh); the output is static/vendor/plotly-portal-<version>.min.js. */
exports.version = require('plotly.js/src/version').version;

// plotly's stylesheet, injected at load as core.js does (hover labels, legends, drag cursors)
require('plotly.js/build/plotcss');

var Registry = require('plotly.js/src/registry');
var register = (exports.register = Registry.register);

var plotApi = require('plotly.js/src/plot_api');
Object.keys(plotApi).forEach(function (name) {
    if (name.charAt(0) !== '_') exports[name] = plotApi[name];
    register({ moduleType: 'apiMethod', name: name, fn: plotApi[name] });
});

register([require('plotly.js/src/traces/scatter'), require('plotly.js/src/traces/bar')]);

// legend after shapes and fx after legend, as in core.js (their defaults depend on each other)
register([
    require('plotly.js/src/components/annotations'),
    require('plotly.js/src/components/selections'),
    require('plotly.js/src/components/shapes'),
    require('plotly.js/src/components/colorscale'),
    require('plotly.js/src/components/colorbar'),
    require('plotly.js/src/components/legend'),
    require('plotly.js/src/components/fx'),
    require('plotly.js/src/components/modebar'),
]);

register([require('plotly.js/src/locale-en'), require('plotly.js/src/locale-en-us')]);
