/**
 * Values that tests/support/global-setup.ts provides to test files through
 * vitest's provide/inject (read them with tests/support/endpoints.ts).
 */
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local base URL, e.g. http://127.0.0.1:41234 */
    dynamodbEndpoint: string;
    /** SES emulator base URL; GET /store lists sent mail */
    sesEndpoint: string;
  }
}
