// The CV document model shared by the editor (browser) and the server: import from here.
export * from './schema.ts';
export * from './rich.ts';
export * from './paths.ts';
export * from './model.ts';
export * from './json.ts';
export * from './sections.ts';
export * from './comments.ts';
export * from './diff.ts';
export * from './json-resume.ts';
