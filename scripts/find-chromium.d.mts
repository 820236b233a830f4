export interface ChromiumChoice {
  readonly executablePath: string | undefined;
  readonly source: string;
}
export function findChromium(options?: { quiet?: boolean }): ChromiumChoice;
export function chromiumArgs(): string[];
