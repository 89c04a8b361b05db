/** The credentials domain's public surface: import from here, not from the files behind it. */
export { planCredentials, defaultHomeDir } from './plan';
export {
  redactSecrets,
  createStreamRedactor,
  redactingSink,
  secretValues,
  isSecretName,
  REDACTED,
  type StreamRedactor,
  type Secrets,
} from './redact';
export { credentialsTar, type TarOwner } from './tar';
export { KEYCHAIN_SERVICE } from './host-readers';
export type {
  CredentialPlan,
  PlanFile,
  PlanCredentialsInput,
  CredentialsConfig,
  KeychainReader,
  GitConfigReader,
  GhTokenReader,
} from './types';
export { credentialsHandlers, DEFAULT_CONTAINER_HOME, type CredentialsDeps } from './handlers';
