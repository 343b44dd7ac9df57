/**
 * Whether a test that needs an outside program (LibreOffice, openpyxl) runs: always under CI=true,
 * where a missing program must fail the suite, and elsewhere only when the program is there, after
 * a loud warning that says what is skipped and how to install it.
 */
export function runsWith(found: boolean, missing: string, install: string): boolean {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  if (!found && !ci) console.warn(`\n!!! ${missing}\n!!! ${install}; under CI=true they fail instead.\n`);
  return found || ci;
}
