import { lambdaDeps } from '../http/lambda-deps';
import { sweepOutbox } from './sender';

const deps = lambdaDeps();
export const handler = async () => sweepOutbox(await deps());
