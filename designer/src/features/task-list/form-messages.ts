import type { Language } from '../../shared/i18n';

/**
 * form-js words its validation messages in English only. The task list shows them in German, word for word as the
 * engine's API does (engine/ProzessEngine.Core/Forms/FormMessages.cs); tests/forms-validation-cases holds both to
 * the same texts. A message that matches none of form-js's (a form author's own pattern message) stays as written.
 */
const germanRules: readonly (readonly [RegExp, (match: RegExpMatchArray) => string])[] = [
  [/^Field is required\.$/, () => 'Dieses Feld ist ein Pflichtfeld.'],
  [/^Field must match pattern ([\s\S]*)\.$/, (m) => `Die Eingabe muss dem Muster ${group(m, 1)} entsprechen.`],
  [
    /^Field must have minimum value of ([\s\S]*)\.$/,
    (m) => `Der Wert muss mindestens ${germanNumber(group(m, 1))} betragen.`,
  ],
  [
    /^Field must have maximum value of ([\s\S]*)\.$/,
    (m) => `Der Wert darf höchstens ${germanNumber(group(m, 1))} betragen.`,
  ],
  [/^Min validation value is not a valid number\.$/, () => 'Der Wert oder sein Mindestwert ist keine gültige Zahl.'],
  [/^Max validation value is not a valid number\.$/, () => 'Der Wert oder sein Höchstwert ist keine gültige Zahl.'],
  [
    /^Field must have minimum length of ([\s\S]*)\.$/,
    (m) => `Die Eingabe muss mindestens ${germanNumber(group(m, 1))} Zeichen lang sein.`,
  ],
  [
    /^Field must have maximum length of ([\s\S]*)\.$/,
    (m) => `Die Eingabe darf höchstens ${germanNumber(group(m, 1))} Zeichen lang sein.`,
  ],
  [
    /^Field must be a valid {2}international phone number\. \(e\.g\. \+4930664040900\)$/,
    () => 'Bitte geben Sie eine gültige internationale Telefonnummer ein (z. B. +4930664040900).',
  ],
  [/^Field must be a valid email\.$/, () => 'Bitte geben Sie eine gültige E-Mail-Adresse ein.'],
  [/^Value is not a number\.$/, () => 'Der Wert ist keine Zahl.'],
  [/^Value is expected to be an integer\.$/, () => 'Der Wert muss eine ganze Zahl sein.'],
  [
    /^Value is expected to have at most (\d+) decimal digits?\.$/,
    (m) =>
      group(m, 1) === '1'
        ? 'Der Wert darf höchstens eine Nachkommastelle haben.'
        : `Der Wert darf höchstens ${group(m, 1)} Nachkommastellen haben.`,
  ],
  [
    /^Please select a valid value, the two nearest valid values are (\S+) and (\S+)\.$/,
    (m) =>
      `Bitte wählen Sie einen gültigen Wert; die nächsten gültigen Werte sind ${germanNumber(group(m, 1))} und ${germanNumber(group(m, 2))}.`,
  ],
  [/^Date and time must both be entered\.$/, () => 'Bitte geben Sie Datum und Uhrzeit ein.'],
  [/^Date must not be in the past\.$/, () => 'Das Datum darf nicht in der Vergangenheit liegen.'],
];

function group(match: RegExpMatchArray, index: number): string {
  return match[index] ?? '';
}

/** A form-js message in the task list's language. */
export function localiseFormMessage(message: string, language: Language): string {
  if (language === 'en') {
    return message;
  }
  for (const [pattern, german] of germanRules) {
    const match = pattern.exec(message);
    if (match) {
      return german(match);
    }
  }
  return message;
}

/**
 * "7350.2" → "7.350,2": a plain decimal number the German way, without rounding; anything else (1e+21, text)
 * as it is. The same rule as FormMessages.GermanNumber on the server.
 */
export function germanNumber(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) {
    return text;
  }
  const [, sign = '', whole = '', fraction] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped},${fraction}`;
}

/**
 * An amount as a German reader expects it: "7.350,20" for 7350.2 with two decimal digits. Digits are taken from
 * the number's text, never rounded through floating point.
 */
export function formatGermanAmount(value: unknown, decimalDigits?: number): string {
  if (typeof value !== 'number' && typeof value !== 'string') {
    return '';
  }
  let text = String(value).trim();
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) {
    return text;
  }
  const [, sign = '', whole = '', given = ''] = match;
  let fraction = given;
  if (decimalDigits !== undefined && decimalDigits >= 0 && fraction.length < decimalDigits) {
    fraction = fraction.padEnd(decimalDigits, '0');
  }
  text = fraction.length > 0 ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
  return germanNumber(text);
}
