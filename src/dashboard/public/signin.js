'use strict';
/*
 * Loaded last: decides between the sign-in form and the dashboard. The page itself is public (it
 * holds no data); its data routes are admin routes. So the page asks for the overview with the
 * credential it has (none, one kept for this tab, or one from ?api_key=, see api.js): answered →
 * the dashboard starts; refused (401/403) → the sign-in form, saying why. The form checks a typed
 * credential the same way before it is kept.
 */
(function () {
  const Dashboard = window.Dashboard;
  const $ = (id) => document.getElementById(id);
  const OVERVIEW = '/dashboard/api/overview';
  let started = false;

  function say(text) {
    $('signin-message').textContent = text || '';
  }

  function showSignIn(message) {
    $('dashboard').hidden = true;
    $('signout').hidden = true;
    $('signin').hidden = false;
    const status = $('status');
    status.textContent = 'signed out';
    status.className = 'status';
    say(message);
    $('signin-secret').focus();
  }

  function start(overview) {
    $('signin').hidden = true;
    $('dashboard').hidden = false;
    // Nothing to sign out of when the coordinator asks for no credential.
    $('signout').hidden = Dashboard.credential() === null;
    if (started) return;
    started = true;
    Dashboard.moderation.start();
    Dashboard.app.start(overview);
  }

  async function boot() {
    const notice = Dashboard.takeNotice();
    const presented = Dashboard.credential() !== null;
    const result = await Dashboard.api('GET', OVERVIEW);
    if (result.ok) {
      start(result.body);
    } else if (Dashboard.isRefusal(result)) {
      Dashboard.useCredential(null);
      showSignIn(presented ? `Not signed in: ${Dashboard.refusalMessage(result)}` : notice);
    } else {
      // Not a verdict on the credential (the node is starting, the database is down): the
      // dashboard starts and shows the trouble in its status line, as it would later.
      start();
    }
  }

  $('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const candidate = Dashboard.credentialOf($('signin-secret').value);
    if (!candidate) {
      say('Enter the API key or an admin token.');
      return;
    }
    $('signin-submit').disabled = true;
    say('');
    Dashboard.useCredential(candidate);
    const result = await Dashboard.api('GET', OVERVIEW);
    $('signin-submit').disabled = false;
    if (result.ok) {
      Dashboard.useCredential(candidate, true);
      $('signin-secret').value = '';
      start(result.body);
      return;
    }
    Dashboard.useCredential(null);
    say(
      Dashboard.isRefusal(result) || result.status === 429
        ? `Not signed in: ${Dashboard.refusalMessage(result)}`
        : `Could not check it: ${Dashboard.describeError(result)}`,
    );
    $('signin-secret').select();
  });

  $('signout').addEventListener('click', () => Dashboard.signOut());

  boot();
})();
