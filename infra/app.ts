/**
 * The CDK app: `npx cdk synth` (dev) or `npx cdk deploy --all -c env=prod`.
 * Stacks, config and the cdk-nag check are assembled in ./stacks (createApp),
 * which tests/infra uses too.
 */
import { createApp } from './stacks';

createApp().app.synth();
