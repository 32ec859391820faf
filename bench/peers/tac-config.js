// tarteaucitron 1.34: the same services through its catalogue (gtag, facebook pixel, youtube), English.
window.tarteaucitron.init({
  privacyUrl: '/privacy',
  hashtag: '#tarteaucitron',
  cookieName: 'tarteaucitron',
  orientation: 'bottom',
  groupServices: true,
  showAlertSmall: false,
  cookieslist: true,
  showIcon: true,
  adblocker: false,
  DenyAllCta: true,
  AcceptAllCta: true,
  highPrivacy: true,
  handleBrowserDNTRequest: false,
  removeCredit: true,
  moreInfoLink: true,
  useExternalCss: false,
  mandatory: true,
});
window.tarteaucitron.user.gtagUa = 'G-XXXXXXX';
window.tarteaucitron.user.facebookpixelId = '0000000';
window.tarteaucitron.job = window.tarteaucitron.job || [];
window.tarteaucitron.job.push('gtag', 'facebookpixel', 'youtube');
