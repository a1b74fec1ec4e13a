// Outgoing email, in the recipient's language. Without SMTP_URL there is no mailer: links are shown to a
// coordinator who passes them on (many job seekers lack reliable email).
import nodemailer from 'nodemailer';
import type { Locale } from '../../src/lib/shared/codes.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    }
  };
}

type Template = (v: Record<string, string>) => { subject: string; text: string };

const TEMPLATES: Record<'invitation' | 'reset', Record<Locale, Template>> = {
  invitation: {
    fr: (v) => ({
      subject: `Invitation à rejoindre ${v.organisation} sur Binôme`,
      text: `Bonjour,\n\n${v.organisation} vous invite à rejoindre Binôme.\nOuvrez ce lien pour créer votre compte (valable jusqu'au ${v.expires}) :\n\n${v.url}\n\nSi vous ne vous attendiez pas à cette invitation, ignorez ce message.`
    }),
    nl: (v) => ({
      subject: `Uitnodiging om ${v.organisation} te vervoegen op Binôme`,
      text: `Hallo,\n\n${v.organisation} nodigt u uit op Binôme.\nOpen deze link om uw account aan te maken (geldig tot ${v.expires}):\n\n${v.url}\n\nVerwachtte u deze uitnodiging niet? Negeer dan dit bericht.`
    }),
    en: (v) => ({
      subject: `Invitation to join ${v.organisation} on Binôme`,
      text: `Hello,\n\n${v.organisation} invites you to Binôme.\nOpen this link to create your account (valid until ${v.expires}):\n\n${v.url}\n\nIf you were not expecting this invitation, ignore this message.`
    })
  },
  reset: {
    fr: (v) => ({
      subject: 'Binôme : choisir un nouveau mot de passe',
      text: `Bonjour ${v.name},\n\nOuvrez ce lien pour choisir un nouveau mot de passe (valable une heure, une seule fois) :\n\n${v.url}\n\nSi vous n'avez rien demandé, ignorez ce message.`
    }),
    nl: (v) => ({
      subject: 'Binôme: kies een nieuw wachtwoord',
      text: `Hallo ${v.name},\n\nOpen deze link om een nieuw wachtwoord te kiezen (een uur geldig, één keer te gebruiken):\n\n${v.url}\n\nHebt u niets gevraagd? Negeer dan dit bericht.`
    }),
    en: (v) => ({
      subject: 'Binôme: choose a new password',
      text: `Hello ${v.name},\n\nOpen this link to choose a new password (valid for one hour, once):\n\n${v.url}\n\nIf you did not ask for this, ignore this message.`
    })
  }
};

const DATE_LOCALES: Record<Locale, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

export function renderMail(kind: 'invitation' | 'reset', locale: Locale, values: Record<string, string>, expires?: Date) {
  const v = { ...values };
  if (expires) v.expires = expires.toLocaleDateString(DATE_LOCALES[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Brussels' });
  return TEMPLATES[kind][locale](v);
}
