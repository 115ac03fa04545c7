// Behaviour of the demo pages: each step of the funnel calls the tracker the way a real
// product would. Pages load this after the tracker's stub, so every call works before
// insightos.js has arrived.
(function () {
  const on = (id, event, handler) => {
    const element = document.getElementById(id);
    if (element) element.addEventListener(event, handler);
  };
  const log = (text) => {
    const element = document.getElementById('log');
    if (element) element.textContent += text + '\n';
  };

  // Landing page: the call to action.
  on('cta', 'click', () => insightos.track('cta_clicked', { cta: 'hero' }));

  // Sign-up: identify the new user, record the sign-up, move on straight away (the
  // tracker's unload path carries the event).
  on('signup-form', 'submit', (e) => {
    e.preventDefault();
    const form = e.target;
    const userId = 'user_' + crypto.getRandomValues(new Uint32Array(2)).join('');
    insightos.identify(userId, { email: form.email.value, name: form.name.value, company: form.company.value });
    insightos.track('user_created', { plan: 'trial', method: 'email' });
    location.href = 'verify.html';
  });

  on('verify-form', 'submit', (e) => {
    e.preventDefault();
    insightos.track('user_verified', { method: 'code' });
    location.href = 'app.html';
  });

  on('project-form', 'submit', (e) => {
    e.preventDefault();
    const name = e.target.project.value || 'My first project';
    insightos.track('project_created', { name, template: 'kanban' });
    log('project_created: ' + name);
  });
  on('invite', 'click', () => {
    insightos.track('teammate_invited', { role: 'member' });
    log('teammate_invited');
  });
  on('subscribe', 'click', () => {
    insightos.track('subscription_started', { plan: 'pro', revenue: 49, currency: 'BRL' });
    log('subscription_started');
  });

  // The app is a single-page app: tabs change the URL with the history API, and the
  // tracker records a page view for each route.
  document.querySelectorAll('nav.tabs a').forEach((link) => link.addEventListener('click', (e) => {
    e.preventDefault();
    history.pushState({}, '', link.getAttribute('href'));
    showTab();
  }));
  function showTab() {
    const tab = new URLSearchParams(location.search).get('tab') || 'projects';
    document.querySelectorAll('[data-route]').forEach((section) => (section.hidden = section.dataset.route !== tab));
  }
  addEventListener('popstate', showTab);
  showTab();

  on('score', 'click', () => insightos.score().then((score) => log('score(): ' + JSON.stringify(score))));
  insightos.ready(() => log('tracker ready; core: ' + insightos.status().core));
})();
