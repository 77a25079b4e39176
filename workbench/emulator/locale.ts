// The committee account's language for the emulator's error messages: Apps Script services throw their messages in the account's language, so code must not recognise errors by their English text.
//
// Sources for the French texts: the translation tables of RomainVialard/ErrorHandler (src/ErrorHandler.gs.js), an
// Apps Script library that maps the localized messages Google's services threw for its users back to English
// (apps-script-platform.md, "Localized messages"). Where no French text could be found, the emulator uses a
// French sentence marked ❓ below: a non-English text nothing may depend on, which is all a test of the product needs.

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

interface Translation {
  /** The English message (whole), with capture groups for the parts that vary. */
  en: RegExp;
  fr: (...parts: string[]) => string;
}

const TRANSLATIONS: readonly Translation[] = [
  // ErrorHandler: /^Trop d'appels pour ce service aujourd'hui : ([^.]*)\.$/ (fr) for "Service invoked too many times
  // for one day: X." (MailApp's daily recipient quota).
  {
    en: /^Service invoked too many times for one day: ([^.]*)\.$/,
    fr: (service) => `Trop d'appels pour ce service aujourd'hui : ${service}.`,
  },
  // ❓ No French text of MailApp's rate limit ("Service invoked too many times in a short time: X. Try
  // Utilities.sleep(1000) between calls.", quotas page) was found: a French sentence stands for it.
  {
    en: /^Service invoked too many times in a short time: ([^.]*)\. Try Utilities\.sleep\(1000\) between calls\.$/,
    fr: (service) =>
      `Trop d'appels à ce service en peu de temps : ${service}. Patientez une seconde entre deux appels.`,
  },
  // ErrorHandler, "We're sorry, a server error occurred. Please wait a bit and try again." (fr).
  {
    en: /^We're sorry, a server error occurred\. Please wait a bit and try again\.$/,
    fr: () =>
      'Une erreur est survenue sur le serveur. Nous vous prions de nous en excuser et vous invitons à réessayer ultérieurement.',
  },
  // ErrorHandler: /^E-mail incorrect : (.*)$/ (fr) for "Invalid email: X".
  { en: /^Invalid email: (.*)$/, fr: (email) => `E-mail incorrect : ${email}` },
  // ErrorHandler (fr).
  {
    en: /^You do not have permissions to access the requested document\.$/,
    fr: () => "Vous n'avez pas l'autorisation d'accéder au document demandé.",
  },
  // ErrorHandler (fr).
  {
    en: /^No item with the given ID could be found, or you do not have permission to access it\.$/,
    fr: () =>
      "Impossible de trouver l'élément correspondant à cet identifiant. Vous n'êtes peut-être pas autorisé à y accéder.",
  },
  // ErrorHandler (fr).
  {
    en: /^You are trying to edit a protected cell or object\. Please contact the spreadsheet owner to remove protection if you need to edit\.$/,
    fr: () =>
      "Vous tentez de modifier une cellule ou un objet protégés. Si vous avez besoin d'effectuer cette modification, demandez au propriétaire de la feuille de calcul de supprimer la protection.",
  },
  // ErrorHandler (fr).
  { en: /^Unable to talk to trigger service$/, fr: () => 'Impossible de communiquer pour déclencher le service' },
  // ❓ No French text of Drive's refusal to share silently with an address that has no Google account was found, nor
  // of the advanced service's "API call to … failed with error:" prefix: a French sentence stands for both.
  {
    en: /^API call to drive\.permissions\.create failed with error: You are trying to invite (\S+)\. Since there is no Google account associated with this email address, you must check the "Notify people" box to invite this recipient\.$/,
    fr: (email) =>
      `L'appel d'API drive.permissions.create a échoué avec l'erreur : Vous essayez d'inviter ${email}. Aucun compte Google n'est associé à cette adresse e-mail : vous devez cocher la case « Envoyer une notification » pour inviter ce destinataire.`,
  },
];

/** `message` as an account in `locale` reads it: the known English messages translated, any other left as it is. */
export function localizeMessage(message: string, locale: Locale): string {
  if (locale === 'en') return message;
  for (const t of TRANSLATIONS) {
    const match = t.en.exec(message);
    if (match) return t.fr(...match.slice(1));
  }
  return message;
}
