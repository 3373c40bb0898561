/** A template or partial that doT cannot compile. The message names the file (and line when known). */
export class TemplateCompileError extends Error {
  override readonly name = 'TemplateCompileError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${reason}`);
  }
}

/** A compiled template that threw while rendering (a bad expression, a missing value). */
export class TemplateRenderError extends Error {
  override readonly name = 'TemplateRenderError';
  constructor(
    readonly template: string,
    readonly reason: string,
  ) {
    super(`template ${template} failed: ${reason}`);
  }
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
