// klaro 0.7: the same four categories (purposes), three services and English texts as Custodian's fixture.
window.klaroConfig = {
  version: 1,
  elementID: 'klaro',
  storageMethod: 'cookie',
  cookieName: 'klaro',
  cookieExpiresAfterDays: 395,
  default: false,
  mustConsent: false,
  acceptAll: true,
  hideDeclineAll: false,
  lang: 'en',
  translations: {
    en: {
      consentNotice: {
        description:
          'We and our partners use cookies to measure the audience and show you relevant ads. You can accept, refuse or choose, and change your mind at any time.',
      },
      privacyPolicyUrl: '/privacy',
      purposes: { functional: 'Functional', performance: 'Performance', marketing: 'Marketing' },
      analytics: { description: 'Audience measurement.' },
      ads: { description: 'Retargeting.' },
      video: { description: 'Video player.' },
    },
  },
  services: [
    { name: 'prefs', title: 'Preferences', purposes: ['functional'], cookies: ['prefs'] },
    { name: 'analytics', title: 'Site analytics', purposes: ['performance'], cookies: [/^_ga/] },
    { name: 'ads', title: 'Ad network', purposes: ['marketing'], cookies: ['_fbp', /^ad_/] },
    { name: 'video', title: 'Video player', purposes: ['marketing'] },
  ],
};
