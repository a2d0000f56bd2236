/** What Camunda Modeler writes into diagrams and forms for Camunda 8, so that both tools treat our files alike. */
export const executionPlatform = 'Camunda Cloud';
export const executionPlatformVersion = '8.6.0';

/** Camunda-style random id suffix: seven lower-case letters and digits. */
export function randomIdSuffix(random: () => number = Math.random): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let suffix = '';
  for (let index = 0; index < 7; index += 1) {
    suffix += alphabet[Math.floor(random() * alphabet.length) % alphabet.length];
  }
  return suffix;
}
