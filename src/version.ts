/** The tool version printed in every JSON result; a test keeps it equal to package.json's. */
export const VERSION = '0.1.0';
/** Version of the JSON output layout; bump on any incompatible change to a command's fields. */
export const SCHEMA_VERSION = 1;
