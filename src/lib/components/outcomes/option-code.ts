// A short, stable code for an option a coordinator types ("Région de Bruxelles-Capitale" → "region-de-bruxelles-c"):
// reports keep the code, so renaming the label later does not change past answers.
export function optionCode(label: string, taken: readonly string[]): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 34) || 'option';
  let code = base;
  for (let n = 2; taken.includes(code); n++) code = `${base}-${n}`;
  return code;
}
