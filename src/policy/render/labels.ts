// The fixed texts of the published documents, per locale. Everything a DPO writes comes from the
// policy; everything here is the frame around it (questions, legal names, table headers, dates).
import type { LegalBasis, Right, TransferMechanism } from '../model.ts';

export const renderLocales = ['en', 'fr'] as const;
export type RenderLocale = (typeof renderLocales)[number];

export function isRenderLocale(x: string): x is RenderLocale {
  return (renderLocales as readonly string[]).includes(x);
}

type RectificationField = 'civil_status' | 'identity' | 'profession' | 'contact';
type Role = 'controller' | 'joint_controller' | 'processor';

export interface Labels {
  locale: RenderLocale;
  /** BCP 47 tag used for dates and country names ("25 March 2022"). */
  intl: string;
  list: (items: string[]) => string;
  /** ": " in English, " : " in French. */
  colon: string;
  contents: string;
  skip: string;
  none: string;
  yes: string;
  no: string;
  all: string;
  privacy: {
    title: string;
    subtitle: string;
    intro: (org: string) => string;
    q: Record<
      'concepts' | 'controller' | 'categories' | 'purposes' | 'recipients' | 'retention' | 'security' | 'rights' | 'dpo' | 'versions',
      string
    >;
    concepts: {
      gdpr: string;
      personalData: [string, string];
      subjects: [string, (org: string, subjects: string) => string];
      controller: [string, string];
      processor: [string, string];
      processing: [string, string];
      operations: [string, (org: string) => string];
    };
    controller: {
      determines: (org: string) => string;
      role: Record<Role, (org: string) => string>;
      identity: string;
      legalForm: string;
      registration: string;
      address: string;
      contact: string;
    };
    categories: {
      caption: string;
      headers: [string, string, string];
      special: string;
      notSpecial: string;
      heldBy: (processor: string, org: string) => string;
    };
    purposes: {
      caption: string;
      headers: [string, string, string, string];
      none: string;
      interest: string;
    };
    recipients: {
      intro: string;
      internal: string;
      internalCaption: string;
      internalHeaders: [string, string, string];
      internalNotes: string[];
      processors: string;
      processorsIntro: string;
      processorsCaption: string;
      processorsHeaders: [string, string, string, string, string];
      others: string;
      transfers: string;
      transfersNone: string;
      transfersIntro: string;
      transferLine: (name: string, country: string, mechanism: string) => string;
    };
    retention: {
      intro: string;
      caption: string;
      headers: [string, string, string, string, string, string, string];
      extension: (duration: string, purpose: string) => string;
      restrictedAccess: (who: string) => string;
      heldBy: (category: string, processor: string) => string;
      archiving: string;
      end: string;
      commitments: string;
    };
    security: {
      intro: string;
      organisational: string;
      technical: string;
      training: (every: string) => string;
    };
    rights: {
      intro: string;
      right: Record<Right, [string, string]>;
      short: Record<Right, string>;
      rectificationFields: (fields: string) => string;
      selfService: string;
      channel: string;
      channelDefault: string;
      channelVia: (channel: string) => string;
      deadline: (deadline: string, extension: string) => string;
      identity: (rights: string) => string;
      update: string;
      field: Record<RectificationField, string>;
    };
    dpo: {
      intro: string;
      none: string;
      name: string;
      email: string;
      url: string;
      address: string;
      authority: (name: string) => string;
      authorityMissing: string;
    };
    versions: {
      inForce: (date: string) => string;
      version: (id: number, date: string) => string;
      hash: string;
      only: string;
      changes: string;
    };
  };
  cookies: {
    title: string;
    subtitle: string;
    q: Record<'what' | 'use' | 'tool' | 'browsers' | 'versions', string>;
    what: (org: string) => string;
    maxLifetime: (lifetime: string) => string;
    use: (org: string, n: number) => string;
    categoriesCaption: string;
    purposes: string;
    categoriesHeaders: [string, string, string];
    alwaysOn: string;
    optional: string;
    serviceCaption: (name: string) => string;
    serviceHeaders: [string, string, string, string];
    serviceMeta: (category: string, processor?: string) => string;
    noCookies: string;
    session: string;
    tool: (org: string, tool: string) => string;
    consentDefinition: string;
    withdraw: string;
    refuseAll: string;
    consentLifetime: (lifetime: string, reask: string) => string;
    change: string;
    browsers: string;
    browsersNone: string;
    changes: string;
    inForce: (date: string) => string;
    version: (id: number, date: string) => string;
  };
  legalBasis: Record<LegalBasis, string>;
  mechanism: Record<TransferMechanism, string>;
  clock: Record<string, string>;
  then: Record<'delete' | 'anonymise', string>;
  register: {
    title: string;
    subtitle: string;
    caption: string;
    columns: Record<RegisterColumnId, string>;
    organisational: string;
    technical: string;
    noTransfer: string;
    sensitiveNo: string;
    sensitiveYes: (which: string) => string;
    retentionLine: (label: string, duration: string, clock: string, then: string) => string;
  };
}

export const registerColumnIds = [
  'purpose',
  'legal_basis',
  'subjects',
  'categories',
  'sensitive_data',
  'recipients_internal',
  'recipients_processors',
  'recipients_others',
  'transfers',
  'retention',
  'security_measures',
  'controller',
  'dpo',
] as const;
export type RegisterColumnId = (typeof registerColumnIds)[number];

const listEn = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
const listFr = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;

const en: Labels = {
  locale: 'en',
  intl: 'en-GB',
  list: listEn,
  colon: ': ',
  contents: 'Contents',
  skip: 'Skip to the content',
  none: 'None',
  yes: 'Yes',
  no: 'No',
  all: 'All data subjects',
  privacy: {
    title: 'Privacy policy',
    subtitle: 'In 10 questions',
    intro: (org) =>
      `This policy explains how ${org} processes your personal data under the General Data Protection Regulation (GDPR), and how you can exercise your rights.`,
    q: {
      concepts: 'What are the key concepts of the General Data Protection Regulation (GDPR)?',
      controller: 'Who is the controller of your personal data?',
      categories: 'What categories of personal data are involved?',
      purposes: 'What are the purposes of the processing of personal data?',
      recipients: 'Who are the recipients of your personal data?',
      retention: 'How long is your personal data kept?',
      security: 'What security measures protect your personal data?',
      rights: 'What are your rights and how can you exercise them?',
      dpo: 'How can you contact our Data Protection Officer?',
      versions: 'Under what conditions does this privacy policy apply?',
    },
    concepts: {
      gdpr: 'The following terms have the meaning given by the General Data Protection Regulation (GDPR), Regulation (EU) 2016/679 of the European Parliament and of the Council of 27 April 2016.',
      personalData: [
        'Personal data',
        'any information relating to an identified or identifiable natural person, who can be identified directly or indirectly, in particular by reference to a name, an identification number, location data, an online identifier or one or more factors specific to their physical, physiological, genetic, mental, economic, cultural or social identity (Article 4(1) GDPR).',
      ],
      subjects: ['Data subjects', (org, subjects) => `the natural persons whose personal data ${org} processes: ${subjects}.`],
      controller: [
        'Controller',
        'the body which, alone or jointly with others, determines the purposes ("why") and the means ("how") of the processing of personal data (Article 4(7) GDPR).',
      ],
      processor: [
        'Processor and sub-processor',
        'a body which processes personal data on behalf of and on the instructions of the controller (Article 4(8) GDPR); a sub-processor does so on behalf of a processor.',
      ],
      processing: [
        'Processing',
        'any operation performed on personal data, such as collection, recording, organisation, structuring, storage, adaptation or alteration, retrieval, consultation, use, disclosure by transmission, dissemination or otherwise making available, alignment or combination, restriction, erasure or destruction (Article 4(2) GDPR).',
      ],
      operations: ['Processing operations', (org) => `the processing that ${org} carries out, each for a purpose (see question 4):`],
    },
    controller: {
      determines: (org) => `${org} determines the purposes and means of the processing of your personal data.`,
      role: {
        controller: (org) => `${org} is therefore the controller within the meaning of Article 4(7) of the GDPR.`,
        joint_controller: (org) => `${org} is a joint controller, with other controllers, within the meaning of Article 26 of the GDPR.`,
        processor: (org) => `${org} acts as a processor within the meaning of Article 4(8) of the GDPR.`,
      },
      identity: 'Identity and contact details',
      legalForm: 'Legal form',
      registration: 'Registration',
      address: 'Address',
      contact: 'Contact',
    },
    categories: {
      caption: 'Categories of personal data',
      headers: ['Category', 'Examples', 'Notes'],
      special: 'Special category of personal data (Article 9 GDPR).',
      notSpecial: '',
      heldBy: (processor, org) => `Held only by ${processor}; ${org} never stores it.`,
    },
    purposes: {
      caption: 'Purposes, legal bases, data subjects and categories of data',
      headers: ['Purpose', 'Legal basis', 'Data subjects', 'Categories of data'],
      none: 'No purpose is declared.',
      interest: 'Legitimate interest pursued',
    },
    recipients: {
      intro: 'Access to personal data is strictly controlled: only authorised internal or external recipients can see it, each for the data and purposes it needs and nothing more.',
      internal: 'Internal recipients',
      internalCaption: 'Internal recipients and their clearance',
      internalHeaders: ['Recipient', 'Categories of data', 'Purposes'],
      internalNotes: [
        'Internal recipients are bound by a specific confidentiality obligation.',
        'Clearances are kept up to date as staff arrive and leave. A staff member who finds they can see data they should not must report it without delay.',
        'Every access to personal data is traced.',
      ],
      processors: 'Processors',
      processorsIntro: 'Processors may use your personal data only for the service for which they are contracted.',
      processorsCaption: 'Processors, their service, country and transfer mechanism',
      processorsHeaders: ['Processor', 'Service', 'Country', 'Transfer mechanism', 'Categories of data'],
      others: 'Other recipients',
      transfers: 'Transfers outside the European Economic Area',
      transfersNone: 'Your personal data is not transferred outside the European Economic Area.',
      transfersIntro: 'Your personal data is transferred outside the European Economic Area only with one of the safeguards of Chapter V of the GDPR:',
      transferLine: (name, country, mechanism) => `${name} (${country}): ${mechanism}.`,
    },
    retention: {
      intro: 'Your personal data is kept only as long as the purpose requires, within the legal and contractual constraints on us. Each period starts with the event shown.',
      caption: 'Retention periods',
      headers: ['Data', 'Data subjects', 'Categories of data', 'Starting event', 'Duration', 'Then', 'Extensions'],
      extension: (duration, purpose) => `extended by ${duration} for: ${purpose}`,
      restrictedAccess: (who) => `access restricted to: ${who}`,
      heldBy: (category, processor) => `${category}: never kept by us; ${processor} holds it on our behalf.`,
      archiving:
        'Data that proves a right or a contract, or that must be kept to comply with a legal obligation, is placed in an intermediate archive with restricted access, for no longer than necessary.',
      end: 'At the end of these periods, the data is deleted or irreversibly anonymised: neither operation can be undone, and the data can no longer be restored.',
      commitments: 'Our commitments',
    },
    security: {
      intro:
        'The security of your personal data is ensured with measures appropriate to the risk (Article 32 GDPR).',
      organisational: 'Organisational measures',
      technical: 'Technical measures',
      training: (every) => `Staff training on data protection is renewed regularly (at least every ${every}).`,
    },
    rights: {
      intro: 'Under the GDPR, you have the following rights over your personal data:',
      right: {
        access: ['Right of access (Article 15 GDPR)', 'to know whether your personal data is processed and to obtain a copy of it.'],
        rectification: ['Right to rectification (Article 16 GDPR)', 'to have inaccurate personal data corrected.'],
        erasure: ['Right to erasure (Article 17 GDPR)', 'to have all or part of your personal data deleted, as the GDPR provides.'],
        restriction: ['Right to restriction of processing (Article 18 GDPR)', 'to have the processing of your personal data restricted, in the cases the GDPR provides.'],
        objection: ['Right to object (Article 21 GDPR)', 'to object to the processing of your personal data, in the cases the GDPR provides.'],
        portability: [
          'Right to data portability (Article 20 GDPR)',
          'to receive the personal data you provided in a structured, machine-readable format, or to have it sent to another controller.',
        ],
      },
      short: { access: 'access', rectification: 'rectification', erasure: 'erasure', restriction: 'restriction', objection: 'objection', portability: 'portability' },
      rectificationFields: (fields) => `Rectification requests cover substantial changes to: ${fields}.`,
      selfService: 'Other changes',
      channel: 'How to exercise your rights',
      channelDefault: 'You can exercise one or more of these rights through the privacy center.',
      channelVia: (channel) => `You can exercise one or more of these rights through ${channel}.`,
      deadline: (deadline, extension) =>
        `We answer within ${deadline} of receipt of your request. This period may be extended by ${extension} when the complexity or the number of requests requires it; you are then told of the extension, and why, before the first period ends.`,
      identity: (rights) =>
        `To prevent data leaks and identity theft, requests to exercise the following rights must come with a copy of a valid identity document: ${rights}.`,
      update: 'We may also ask you to update your personal data so that it stays accurate.',
      field: { civil_status: 'civil status', identity: 'identity', profession: 'profession', contact: 'contact details' },
    },
    dpo: {
      intro: 'A Data Protection Officer (DPO) answers any question about this policy and about the processing of your personal data.',
      none: 'No Data Protection Officer contact is given.',
      name: 'Name',
      email: 'E-mail',
      url: 'Online',
      address: 'Address',
      authority: (name) => `You may also lodge a complaint with the supervisory authority, ${name} (Article 77 GDPR):`,
      authorityMissing: 'You may also lodge a complaint with the supervisory authority (Article 77 GDPR).',
    },
    versions: {
      inForce: (date) => `The version of this policy currently online came into force on ${date}.`,
      version: (id, date) => `Version ${id} of this policy came into force on ${date}.`,
      hash: 'Content fingerprint (SHA-256)',
      only: 'It is the only version that applies, until a new version replaces it.',
      changes:
        'This policy may change with the law, case law, the recommendations of the supervisory authority or our practices. Any new version is brought to your attention by electronic means (by e-mail or online).',
    },
  },
  cookies: {
    title: 'Cookie charter',
    subtitle: 'In 5 questions',
    q: {
      what: 'What is a cookie?',
      use: 'How are cookies used?',
      tool: 'How do you keep control of cookies?',
      browsers: 'How can you manage cookies in your browser?',
      versions: 'Under what conditions does this cookie charter apply?',
    },
    what: (org) =>
      `A cookie is a small text file stored for a limited time on your computer, tablet, smartphone or any other device you use to browse our websites. Cookies are set by ${org} or by the third parties listed below and in our consent tool.`,
    maxLifetime: (lifetime) => `No cookie is kept longer than ${lifetime}.`,
    use: (org, n) => `${org} uses ${n} categories of cookies on its websites:`,
    categoriesCaption: 'Categories of cookies',
    purposes: 'Purposes',
    categoriesHeaders: ['Category', 'What it is for', 'Your choice'],
    alwaysOn: 'Always active: strictly necessary, cannot be refused',
    optional: 'Optional: only with your consent',
    serviceCaption: (name) => `Cookies of ${name}`,
    serviceHeaders: ['Cookie', 'Domain', 'Lifetime', 'What it is for'],
    serviceMeta: (category, processor) => `Category: ${category}.${processor ? ` Set by ${processor}.` : ''}`,
    noCookies: 'This service sets no cookie.',
    session: 'session (deleted when the browser closes)',
    tool: (org, tool) => `${org} collects your consent to cookies with ${tool}.`,
    consentDefinition:
      'Consent is any freely given, specific, informed and unambiguous indication of your wishes by which you agree, by a statement or by a clear affirmative action, to the processing of personal data relating to you.',
    withdraw:
      'You can withdraw your consent at any time, as easily as you gave it: for each category, you can authorise, refuse or deactivate cookies. A cookie already set can only be deactivated; it is deleted at the end of its lifetime.',
    refuseAll: 'Refusing all cookies may make some of our services unavailable or less convenient to use.',
    consentLifetime: (lifetime, reask) => `Your choice is kept for ${lifetime}; we ask you again after ${reask}.`,
    change: 'Change my cookie choices',
    browsers: 'You can also set your choices in your browser. Each browser is configured differently; follow its publisher\'s instructions:',
    browsersNone: 'You can also set your choices in your browser, following its publisher\'s instructions.',
    changes:
      'This charter may be updated at any time; a change is announced on the cookie banner of the websites concerned, which asks for your choices again.',
    inForce: (date) => `The version of this cookie charter currently online came into force on ${date}.`,
    version: (id, date) => `Version ${id} of this cookie charter came into force on ${date}.`,
  },
  legalBasis: {
    consent: 'Consent (Article 6(1)(a) GDPR)',
    contract: 'Performance of a contract (Article 6(1)(b) GDPR)',
    legal_obligation: 'Compliance with a legal obligation (Article 6(1)(c) GDPR)',
    vital_interests: 'Protection of vital interests (Article 6(1)(d) GDPR)',
    public_task: 'Task carried out in the public interest (Article 6(1)(e) GDPR)',
    legitimate_interests: 'Legitimate interests (Article 6(1)(f) GDPR)',
  },
  mechanism: {
    eea: 'none needed: within the European Economic Area',
    adequacy: 'adequacy decision of the European Commission (Article 45 GDPR)',
    dpf: 'EU-US Data Privacy Framework, certified recipient (adequacy decision of 10 July 2023)',
    sccs: 'standard contractual clauses (Commission decision 2021/914, Article 46(2)(c) GDPR)',
    bcr: 'binding corporate rules (Article 47 GDPR)',
    derogation: 'derogation for a specific situation (Article 49 GDPR)',
    privacy_shield: 'EU-US Privacy Shield (invalidated on 16 July 2020)',
  },
  clock: {
    collected: 'collection',
    last_contact: 'last contact',
    account_closed: 'account closure',
    last_connection: 'last connection or use',
    consent: 'last consent',
    invoiced: 'invoice date',
    contract_end: 'end of the contract',
  },
  then: { delete: 'deleted', anonymise: 'irreversibly anonymised' },
  register: {
    title: 'Register of processing activities',
    subtitle: 'Article 30 GDPR',
    caption: 'Processing activities, one per purpose',
    columns: {
      purpose: 'Purpose',
      legal_basis: 'Legal basis',
      subjects: 'Categories of data subjects',
      categories: 'Categories of personal data',
      sensitive_data: 'Sensitive data (Article 9)',
      recipients_internal: 'Internal recipients',
      recipients_processors: 'Processors',
      recipients_others: 'Other recipients',
      transfers: 'Transfers outside the EU and safeguards',
      retention: 'Retention periods',
      security_measures: 'Security measures',
      controller: 'Controller',
      dpo: 'Data Protection Officer',
    },
    organisational: 'Organisational',
    technical: 'Technical',
    noTransfer: 'No transfer outside the EU',
    sensitiveNo: 'No',
    sensitiveYes: (which) => `Yes: ${which}`,
    retentionLine: (label, duration, clock, then) => `${label}: ${duration} from ${clock}, then ${then}`,
  },
};

const fr: Labels = {
  locale: 'fr',
  intl: 'fr-FR',
  list: listFr,
  colon: ' : ',
  contents: 'Sommaire',
  skip: 'Aller au contenu',
  none: 'Aucun',
  yes: 'Oui',
  no: 'Non',
  all: 'Toutes les personnes concernées',
  privacy: {
    title: 'Politique de confidentialité',
    subtitle: 'En 10 questions',
    intro: (org) =>
      `Cette politique explique comment ${org} traite vos données personnelles en application du Règlement général sur la protection des données (RGPD), et comment exercer vos droits.`,
    q: {
      concepts: 'Quelles sont les notions clés du Règlement général sur la protection des données (RGPD) ?',
      controller: 'Qui est le responsable du traitement de vos données personnelles ?',
      categories: 'Quelles catégories de données personnelles sont concernées ?',
      purposes: 'Quelles sont les finalités des traitements de données personnelles ?',
      recipients: 'Qui sont les destinataires de vos données personnelles ?',
      retention: 'Combien de temps vos données personnelles sont-elles conservées ?',
      security: 'Quelles mesures de sécurité protègent vos données personnelles ?',
      rights: 'Quels sont vos droits et comment les exercer ?',
      dpo: 'Comment contacter notre délégué à la protection des données ?',
      versions: "Dans quelles conditions s'applique cette politique de confidentialité ?",
    },
    concepts: {
      gdpr: "Les termes suivants ont le sens que leur donne le Règlement général sur la protection des données (RGPD), règlement (UE) 2016/679 du Parlement européen et du Conseil du 27 avril 2016.",
      personalData: [
        'Donnée personnelle',
        "toute information se rapportant à une personne physique identifiée ou identifiable, directement ou indirectement, notamment par référence à un nom, un numéro d'identification, des données de localisation, un identifiant en ligne ou un ou plusieurs éléments propres à son identité physique, physiologique, génétique, psychique, économique, culturelle ou sociale (article 4.1 du RGPD).",
      ],
      subjects: ['Personnes concernées', (org, subjects) => `les personnes physiques dont ${org} traite les données personnelles : ${subjects}.`],
      controller: [
        'Responsable du traitement',
        "l'organisme qui, seul ou conjointement avec d'autres, détermine les finalités (le « pourquoi ») et les moyens (le « comment ») du traitement de données personnelles (article 4.7 du RGPD).",
      ],
      processor: [
        'Sous-traitant et sous-traitant ultérieur',
        "l'organisme qui traite des données personnelles pour le compte et sur instruction du responsable du traitement (article 4.8 du RGPD) ; un sous-traitant ultérieur le fait pour le compte d'un sous-traitant.",
      ],
      processing: [
        'Traitement',
        "toute opération appliquée à des données personnelles, telle que la collecte, l'enregistrement, l'organisation, la structuration, la conservation, l'adaptation ou la modification, l'extraction, la consultation, l'utilisation, la communication par transmission, la diffusion ou toute autre forme de mise à disposition, le rapprochement ou l'interconnexion, la limitation, l'effacement ou la destruction (article 4.2 du RGPD).",
      ],
      operations: ['Traitements mis en œuvre', (org) => `les traitements que ${org} met en œuvre, chacun pour une finalité (voir la question 4) :`],
    },
    controller: {
      determines: (org) => `${org} détermine les finalités et les moyens du traitement de vos données personnelles.`,
      role: {
        controller: (org) => `${org} est donc responsable du traitement au sens de l'article 4.7 du RGPD.`,
        joint_controller: (org) => `${org} est responsable conjoint du traitement, avec d'autres responsables, au sens de l'article 26 du RGPD.`,
        processor: (org) => `${org} agit en qualité de sous-traitant au sens de l'article 4.8 du RGPD.`,
      },
      identity: 'Identité et coordonnées',
      legalForm: 'Forme juridique',
      registration: 'Immatriculation',
      address: 'Adresse',
      contact: 'Contact',
    },
    categories: {
      caption: 'Catégories de données personnelles',
      headers: ['Catégorie', 'Exemples', 'Remarques'],
      special: "Catégorie particulière de données personnelles (article 9 du RGPD).",
      notSpecial: '',
      heldBy: (processor, org) => `Détenues uniquement par ${processor} ; ${org} ne les conserve jamais.`,
    },
    purposes: {
      caption: 'Finalités, bases légales, personnes concernées et catégories de données',
      headers: ['Finalité', 'Base légale', 'Personnes concernées', 'Catégories de données'],
      none: "Aucune finalité n'est déclarée.",
      interest: 'Intérêt légitime poursuivi',
    },
    recipients: {
      intro:
        "L'accès aux données personnelles est strictement encadré : seuls des destinataires internes ou externes habilités y ont accès, chacun pour les données et les finalités dont il a besoin, et rien de plus.",
      internal: 'Destinataires internes',
      internalCaption: 'Destinataires internes et leurs habilitations',
      internalHeaders: ['Destinataire', 'Catégories de données', 'Finalités'],
      internalNotes: [
        'Les destinataires internes sont soumis à une obligation de confidentialité spécifique.',
        "Les habilitations sont tenues à jour au fil des arrivées et des départs. Un membre du personnel qui constate qu'il a accès à des données auxquelles il ne devrait pas avoir accès doit le signaler sans délai.",
        'Tout accès aux données personnelles fait l’objet d’une mesure de traçabilité.',
      ],
      processors: 'Sous-traitants',
      processorsIntro: 'Les sous-traitants ne peuvent utiliser vos données personnelles que pour le service qui leur est confié.',
      processorsCaption: 'Sous-traitants, leur service, leur pays et le mécanisme de transfert',
      processorsHeaders: ['Sous-traitant', 'Service', 'Pays', 'Mécanisme de transfert', 'Catégories de données'],
      others: 'Autres destinataires',
      transfers: "Transferts hors de l'Espace économique européen",
      transfersNone: "Vos données personnelles ne sont pas transférées hors de l'Espace économique européen.",
      transfersIntro: "Vos données personnelles ne sont transférées hors de l'Espace économique européen qu'avec l'une des garanties du chapitre V du RGPD :",
      transferLine: (name, country, mechanism) => `${name} (${country}) : ${mechanism}.`,
    },
    retention: {
      intro:
        'Vos données personnelles ne sont conservées que le temps nécessaire à la finalité poursuivie, dans le respect de nos obligations légales et contractuelles. Chaque durée court à compter de l’événement indiqué.',
      caption: 'Durées de conservation',
      headers: ['Données', 'Personnes concernées', 'Catégories de données', 'Point de départ', 'Durée', 'Ensuite', 'Prolongations'],
      extension: (duration, purpose) => `prolongation de ${duration} pour : ${purpose}`,
      restrictedAccess: (who) => `accès restreint à : ${who}`,
      heldBy: (category, processor) => `${category} : jamais conservées par nous ; ${processor} les détient pour notre compte.`,
      archiving:
        "Les données permettant d'établir la preuve d'un droit ou d'un contrat, ou conservées pour respecter une obligation légale, font l'objet d'un archivage intermédiaire à accès restreint, pour une durée n'excédant pas celle nécessaire.",
      end: "À l'issue de ces durées, les données sont supprimées ou anonymisées de manière irréversible : ces opérations ne peuvent pas être annulées et les données ne peuvent plus être restaurées.",
      commitments: 'Nos engagements',
    },
    security: {
      intro: 'La sécurité de vos données personnelles est assurée par des mesures adaptées au risque (article 32 du RGPD).',
      organisational: 'Mesures organisationnelles',
      technical: 'Mesures techniques',
      training: (every) => `La formation du personnel à la protection des données est renouvelée régulièrement (périodicité : ${every}).`,
    },
    rights: {
      intro: 'En application du RGPD, vous disposez des droits suivants sur vos données personnelles :',
      right: {
        access: ["Droit d'accès (article 15 du RGPD)", 'savoir si vos données personnelles sont traitées et en obtenir une copie.'],
        rectification: ['Droit de rectification (article 16 du RGPD)', 'faire corriger des données personnelles inexactes.'],
        erasure: ["Droit à l'effacement (article 17 du RGPD)", 'faire supprimer tout ou partie de vos données personnelles, dans les conditions prévues par le RGPD.'],
        restriction: ['Droit à la limitation du traitement (article 18 du RGPD)', 'faire limiter le traitement de vos données personnelles, dans les cas prévus par le RGPD.'],
        objection: ["Droit d'opposition (article 21 du RGPD)", "vous opposer au traitement de vos données personnelles, dans les cas prévus par le RGPD."],
        portability: [
          'Droit à la portabilité (article 20 du RGPD)',
          'recevoir les données personnelles que vous avez fournies dans un format structuré et lisible par machine, ou les faire transmettre à un autre responsable du traitement.',
        ],
      },
      short: { access: 'accès', rectification: 'rectification', erasure: 'effacement', restriction: 'limitation', objection: 'opposition', portability: 'portabilité' },
      rectificationFields: (fields) => `Les demandes de rectification portent sur les modifications substantielles de : ${fields}.`,
      selfService: 'Autres modifications',
      channel: 'Comment exercer vos droits',
      channelDefault: "Vous pouvez exercer un ou plusieurs de ces droits depuis l'espace confidentialité.",
      channelVia: (channel) => `Vous pouvez exercer un ou plusieurs de ces droits par ${channel}.`,
      deadline: (deadline, extension) =>
        `Nous répondons dans un délai de ${deadline} à compter de la réception de votre demande. Ce délai peut être prolongé de ${extension} lorsque la complexité ou le nombre de demandes l'exige ; vous êtes alors informé de la prolongation et de ses motifs avant la fin du premier délai.`,
      identity: (rights) =>
        `Pour prévenir toute fuite de données et toute usurpation d'identité, les demandes d'exercice des droits suivants doivent être accompagnées de la copie d'une pièce d'identité en cours de validité : ${rights}.`,
      update: 'Nous pouvons aussi vous demander de mettre à jour vos données personnelles afin qu’elles restent exactes.',
      field: { civil_status: 'état civil', identity: 'identité', profession: 'profession', contact: 'coordonnées' },
    },
    dpo: {
      intro: 'Un délégué à la protection des données (DPO) répond à toute question sur cette politique et sur le traitement de vos données personnelles.',
      none: "Aucune coordonnée du délégué à la protection des données n'est indiquée.",
      name: 'Nom',
      email: 'E-mail',
      url: 'En ligne',
      address: 'Adresse',
      authority: (name) => `Vous pouvez aussi introduire une réclamation auprès de l'autorité de contrôle, ${name} (article 77 du RGPD) :`,
      authorityMissing: "Vous pouvez aussi introduire une réclamation auprès de l'autorité de contrôle (article 77 du RGPD).",
    },
    versions: {
      inForce: (date) => `La version de cette politique actuellement en ligne est entrée en vigueur le ${date}.`,
      version: (id, date) => `La version ${id} de cette politique est entrée en vigueur le ${date}.`,
      hash: 'Empreinte du contenu (SHA-256)',
      only: "C'est la seule version applicable, jusqu'à ce qu'une nouvelle version la remplace.",
      changes:
        "Cette politique peut évoluer avec la loi, la jurisprudence, les recommandations de l'autorité de contrôle ou nos pratiques. Toute nouvelle version est portée à votre connaissance par voie électronique (par e-mail ou en ligne).",
    },
  },
  cookies: {
    title: 'Charte cookies',
    subtitle: 'En 5 questions',
    q: {
      what: "Qu'est-ce qu'un cookie ?",
      use: 'Comment les cookies sont-ils utilisés ?',
      tool: 'Comment garder la maîtrise des cookies ?',
      browsers: 'Comment gérer les cookies dans votre navigateur ?',
      versions: "Dans quelles conditions s'applique cette charte cookies ?",
    },
    what: (org) =>
      `Un cookie est un petit fichier texte déposé pour une durée limitée sur votre ordinateur, votre tablette, votre smartphone ou tout autre appareil utilisé pour naviguer sur nos sites. Les cookies sont déposés par ${org} ou par les tiers listés ci-dessous et dans notre outil de gestion du consentement.`,
    maxLifetime: (lifetime) => `Aucun cookie n'est conservé plus de ${lifetime}.`,
    use: (org, n) => `${org} utilise ${n} catégories de cookies sur ses sites :`,
    categoriesCaption: 'Catégories de cookies',
    purposes: 'Finalités',
    categoriesHeaders: ['Catégorie', 'À quoi elle sert', 'Votre choix'],
    alwaysOn: 'Toujours actifs : strictement nécessaires, ils ne peuvent pas être refusés',
    optional: 'Facultatifs : uniquement avec votre consentement',
    serviceCaption: (name) => `Cookies de ${name}`,
    serviceHeaders: ['Cookie', 'Domaine', 'Durée de vie', 'À quoi il sert'],
    serviceMeta: (category, processor) => `Catégorie : ${category}.${processor ? ` Déposés par ${processor}.` : ''}`,
    noCookies: 'Ce service ne dépose aucun cookie.',
    session: 'session (supprimé à la fermeture du navigateur)',
    tool: (org, tool) => `${org} recueille votre consentement aux cookies avec ${tool}.`,
    consentDefinition:
      "Le consentement est toute manifestation de volonté libre, spécifique, éclairée et univoque par laquelle vous acceptez, par une déclaration ou par un acte positif clair, que des données personnelles vous concernant fassent l'objet d'un traitement.",
    withdraw:
      "Vous pouvez retirer votre consentement à tout moment, aussi simplement que vous l'avez donné : pour chaque catégorie, vous pouvez autoriser, refuser ou désactiver les cookies. Un cookie déjà déposé ne peut qu'être désactivé ; il est supprimé à la fin de sa durée de vie.",
    refuseAll: 'Le refus de tous les cookies peut rendre certains de nos services inaccessibles ou moins pratiques à utiliser.',
    consentLifetime: (lifetime, reask) => `Votre choix est conservé ${lifetime} ; nous vous le redemandons au bout de ${reask}.`,
    change: 'Modifier mes choix de cookies',
    browsers: "Vous pouvez aussi exprimer vos choix dans votre navigateur. Chaque navigateur se configure différemment ; suivez les instructions de son éditeur :",
    browsersNone: "Vous pouvez aussi exprimer vos choix dans votre navigateur, en suivant les instructions de son éditeur.",
    changes:
      'Cette charte peut être mise à jour à tout moment ; toute modification est annoncée sur le bandeau cookies des sites concernés, qui vous redemande vos choix.',
    inForce: (date) => `La version de cette charte cookies actuellement en ligne est entrée en vigueur le ${date}.`,
    version: (id, date) => `La version ${id} de cette charte cookies est entrée en vigueur le ${date}.`,
  },
  legalBasis: {
    consent: 'Consentement (article 6.1.a du RGPD)',
    contract: "Exécution d'un contrat (article 6.1.b du RGPD)",
    legal_obligation: "Respect d'une obligation légale (article 6.1.c du RGPD)",
    vital_interests: 'Sauvegarde des intérêts vitaux (article 6.1.d du RGPD)',
    public_task: "Mission d'intérêt public (article 6.1.e du RGPD)",
    legitimate_interests: 'Intérêt légitime (article 6.1.f du RGPD)',
  },
  mechanism: {
    eea: "aucun n'est nécessaire : au sein de l'Espace économique européen",
    adequacy: "décision d'adéquation de la Commission européenne (article 45 du RGPD)",
    dpf: "Data Privacy Framework UE–États-Unis, destinataire certifié (décision d'adéquation du 10 juillet 2023)",
    sccs: 'clauses contractuelles types (décision 2021/914 de la Commission, article 46.2.c du RGPD)',
    bcr: "règles d'entreprise contraignantes (article 47 du RGPD)",
    derogation: 'dérogation pour une situation particulière (article 49 du RGPD)',
    privacy_shield: 'Privacy Shield UE–États-Unis (invalidé le 16 juillet 2020)',
  },
  clock: {
    collected: 'collecte',
    last_contact: 'dernier contact',
    account_closed: 'clôture du compte',
    last_connection: 'dernière connexion ou utilisation',
    consent: 'dernier consentement',
    invoiced: 'date de la facture',
    contract_end: 'fin du contrat',
  },
  then: { delete: 'supprimées', anonymise: 'anonymisées de manière irréversible' },
  register: {
    title: 'Registre des activités de traitement',
    subtitle: 'Article 30 du RGPD',
    caption: 'Activités de traitement, une par finalité',
    columns: {
      purpose: 'Finalité (objectifs poursuivis)',
      legal_basis: 'Base légale',
      subjects: 'Catégories de personnes concernées',
      categories: 'Catégories de données collectées',
      sensitive_data: 'Données sensibles (article 9)',
      recipients_internal: 'Destinataires internes',
      recipients_processors: 'Sous-traitants',
      recipients_others: 'Autres destinataires (organismes externes)',
      transfers: 'Transferts hors UE et garanties',
      retention: 'Durées de conservation',
      security_measures: 'Mesures de sécurité',
      controller: 'Responsable du traitement',
      dpo: 'Délégué à la protection des données',
    },
    organisational: 'Organisationnelle',
    technical: 'Technique',
    noTransfer: 'Aucun transfert hors UE',
    sensitiveNo: 'Non',
    sensitiveYes: (which) => `Oui : ${which}`,
    retentionLine: (label, duration, clock, then) => `${label} : ${duration} (point de départ : ${clock}), puis ${then}`,
  },
};

export const labels: Record<RenderLocale, Labels> = { en, fr };

/** "2022-03-25" → "25 March 2022" / "25 mars 2022". */
export function formatDate(date: string, locale: RenderLocale): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(labels[locale].intl, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** "US" → "United States" / "États-Unis". */
export function countryName(code: string, locale: RenderLocale): string {
  try {
    return new Intl.DisplayNames([labels[locale].intl], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The starting event of a retention clock, in words. */
export function clockLabel(clock: string, locale: RenderLocale): string {
  return labels[locale].clock[clock] ?? clock.replaceAll('_', ' ');
}
