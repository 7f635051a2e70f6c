// A stand-in for the parts of `electron` that electron-updater uses to download (net.request,
// session.fromPartition), over Node's http: the update tests run electron-updater's own
// download and verification code under plain Node. Electron's ClientRequest and Node's share
// what electron-updater relies on (on('response'/'error'), end(), abort()); redirects are not
// followed (the test server sends none).
const http = require('node:http');

exports.net = {
  request: (options) => {
    const { session: _session, redirect: _redirect, ...rest } = options;
    return http.request(rest);
  },
};
exports.session = { fromPartition: () => ({}) };
