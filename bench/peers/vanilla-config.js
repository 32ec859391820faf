// vanilla-cookieconsent 3.1: the same four categories, three services and English texts as Custodian's fixture.
window.CookieConsent.run({
  hideFromBots: false, // the benchmark drives Chromium through CDP (navigator.webdriver)
  categories: {
    necessary: { enabled: true, readOnly: true },
    functional: {},
    performance: { autoClear: { cookies: [{ name: /^_ga/ }] } },
    marketing: { services: { ads: { label: 'Ad network' }, video: { label: 'Video player' } }, autoClear: { cookies: [{ name: '_fbp' }] } },
  },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'We use cookies',
          description:
            'We and our partners use cookies to measure the audience and show you relevant ads. You can accept, refuse or choose, and change your mind at any time.',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Customise',
          footer: '<a href="/privacy">Privacy policy</a> <a href="/cookies">Cookie policy</a>',
        },
        preferencesModal: {
          title: 'Customise',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save my choices',
          closeIconLabel: 'Close (refuse)',
          sections: [
            { description: 'Refusing everything may limit some services, such as embedded videos.' },
            { title: 'Strictly necessary', description: 'Needed for the site to work: session, security, your consent choice.', linkedCategory: 'necessary' },
            { title: 'Functional', description: 'Remember your language and display preferences.', linkedCategory: 'functional' },
            {
              title: 'Performance',
              description: 'Measure the audience to improve the site.',
              linkedCategory: 'performance',
              cookieTable: { headers: { name: 'Cookie', domain: 'Domain', exp: 'Lifetime' }, body: [{ name: '_ga*', domain: 'shop', exp: '13 months' }] },
            },
            {
              title: 'Marketing',
              description: 'Show you relevant advertising on other sites.',
              linkedCategory: 'marketing',
              cookieTable: {
                headers: { name: 'Cookie', domain: 'Domain', exp: 'Lifetime' },
                body: [
                  { name: '_fbp', domain: 'shop', exp: '3 months' },
                  { name: 'ad_*', domain: 'shop', exp: '6 months' },
                ],
              },
            },
          ],
        },
      },
    },
  },
});
