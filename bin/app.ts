import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createStacks } from '../lib/app';
import { readSettings } from '../lib/settings';

const app = new App();
const settings = readSettings(app.node);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
createStacks(app, settings);
